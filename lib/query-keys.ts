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
  lists: (tenant: string) => [...flowKeys.all(tenant), "list"] as const,
  list: (tenant: string, filters: Record<string, unknown>) => [...flowKeys.lists(tenant), filters] as const,
  detail: (tenant: string, namespace: string, id: string) => [...flowKeys.all(tenant), "detail", namespace, id] as const,
  revisions: (tenant: string, namespace: string, id: string) => [...flowKeys.detail(tenant, namespace, id), "revisions"] as const,
};

// Roles, groups and bindings of one tenant, and the tenant's users offered by the RBAC pickers.
export const rbacKeys = {
  all: (tenant: string) => ["tenant", tenant, "rbac"] as const,
  roles: (tenant: string) => [...rbacKeys.all(tenant), "roles"] as const,
  groups: (tenant: string) => [...rbacKeys.all(tenant), "groups"] as const,
  bindings: (tenant: string) => [...rbacKeys.all(tenant), "bindings"] as const,
  userChoices: (tenant: string) => [...rbacKeys.all(tenant), "user-choices"] as const,
};
