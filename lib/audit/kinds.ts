// What the audit logs record, for the writers (typed) and the filters of the pages (client-safe:
// no server import). A new kind of change is added here first, so the filters always offer it.

export const TENANT_AUDIT_ACTIONS = ["CREATE", "UPDATE", "DELETE", "RESTORE", "MOVE", "KILL", "RESTART", "REPLAY", "RESUME"] as const;
export const TENANT_AUDIT_TYPES = ["FLOW", "NAMESPACE", "ROLE", "GROUP", "BINDING", "TENANT_ACCESS", "SECRET", "KV", "FILE", "TENANT", "EXECUTION", "TRIGGER"] as const;

export const INSTANCE_AUDIT_ACTIONS = ["CREATE", "UPDATE", "DELETE", "RESTORE", "REVOKE", "SYNC_ACCESS", "MIGRATE_DEFAULT_TENANT"] as const;
export const INSTANCE_AUDIT_TYPES = ["TENANT", "TENANT_ADMIN", "TENANT_ACCESS", "USER", "TOKEN", "WORKER_GROUP"] as const;

export type TenantAuditAction = (typeof TENANT_AUDIT_ACTIONS)[number];
export type TenantAuditType = (typeof TENANT_AUDIT_TYPES)[number];
export type InstanceAuditAction = (typeof INSTANCE_AUDIT_ACTIONS)[number];
export type InstanceAuditType = (typeof INSTANCE_AUDIT_TYPES)[number];
