// TanStack Query keys, one factory per domain; tenant data keys always include the tenant.
export const meKeys = {
  all: ["me"] as const,
};

export const tenantKeys = {
  all: ["tenants"] as const,
  admin: () => [...tenantKeys.all, "admin"] as const,
};

export const flowKeys = {
  all: (tenant: string) => ["tenant", tenant, "flows"] as const,
  list: (tenant: string, filters: Record<string, unknown>) => [...flowKeys.all(tenant), "list", filters] as const,
};
