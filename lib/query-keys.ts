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
  revisionPage: (tenant: string, namespace: string, id: string, page: number) => [...flowKeys.revisions(tenant, namespace, id), "page", page] as const,
  // a revision's text never changes: kept apart from the pages, which saves invalidate
  revision: (tenant: string, namespace: string, id: string, revision: number) => [...flowKeys.detail(tenant, namespace, id), "revision", revision] as const,
  // the flows around a flow at one of its revisions (its own calls change with its source)
  dependencies: (tenant: string, namespace: string, id: string, revision: number) => [...flowKeys.detail(tenant, namespace, id), "dependencies", revision] as const,
  // which conditional inputs the run form asks for, given the values typed so far
  inputConditions: (tenant: string, namespace: string, id: string, values: Record<string, string>) => [...flowKeys.detail(tenant, namespace, id), "input-conditions", values] as const,
};

// Roles, groups and bindings of one tenant, and the tenant's users offered by the RBAC pickers.
export const rbacKeys = {
  all: (tenant: string) => ["tenant", tenant, "rbac"] as const,
  roles: (tenant: string) => [...rbacKeys.all(tenant), "roles"] as const,
  groups: (tenant: string) => [...rbacKeys.all(tenant), "groups"] as const,
  bindings: (tenant: string) => [...rbacKeys.all(tenant), "bindings"] as const,
  userChoices: (tenant: string) => [...rbacKeys.all(tenant), "user-choices"] as const,
};

// What a namespace inherits, as the flow editor validates with it.
export const namespaceKeys = {
  pluginDefaults: (tenant: string, namespace: string) => ["tenant", tenant, "namespace", namespace, "plugin-defaults"] as const,
};

// The KV store of one namespace: its list pages and single entries.
export const kvKeys = {
  all: (tenant: string, namespace: string) => ["tenant", tenant, "kv", namespace] as const,
  list: (tenant: string, namespace: string, page: number) => [...kvKeys.all(tenant, namespace), "list", page] as const,
  detail: (tenant: string, namespace: string, key: string) => [...kvKeys.all(tenant, namespace), "detail", key] as const,
};

// Namespace files: one folder's listing, one file's content.
export const fileKeys = {
  all: (tenant: string, namespace: string) => ["tenant", tenant, "files", namespace] as const,
  folder: (tenant: string, namespace: string, folder: string) => [...fileKeys.all(tenant, namespace), "folder", folder] as const,
  content: (tenant: string, namespace: string, path: string) => [...fileKeys.all(tenant, namespace), "content", path] as const,
};

// Secrets of a tenant level (namespace null) or a namespace's effective ones: keys, never values.
export const secretKeys = {
  all: (tenant: string) => ["tenant", tenant, "secrets"] as const,
  list: (tenant: string, namespace: string | null) => [...secretKeys.all(tenant), "list", namespace ?? ""] as const,
};

// Executions of one tenant: the list pages (with their filters) and the dashboard.
export const executionKeys = {
  all: (tenant: string) => ["tenant", tenant, "executions"] as const,
  lists: (tenant: string) => [...executionKeys.all(tenant), "list"] as const,
  list: (tenant: string, filters: Record<string, unknown>) => [...executionKeys.lists(tenant), filters] as const,
};
