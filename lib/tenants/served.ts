import { config } from "../config";

export const DEFAULT_TENANT_ID = "main";
export const DEFAULT_TENANT_NAME = "Default tenant";

export function multiTenancy() {
  const c = config();
  return { enabled: c.tenantsEnabled, defaultTenant: c.tenantsDefaultTenant };
}

/**
 * SPEC §1: with multi-tenancy off only the default tenant exists; with it on, the default tenant is
 * served unless switched off (its data is kept and comes back when switched on again).
 */
export function isTenantServed(tenantId: string): boolean {
  const mt = multiTenancy();
  if (!mt.enabled) return tenantId === DEFAULT_TENANT_ID;
  return tenantId !== DEFAULT_TENANT_ID || mt.defaultTenant;
}

/** The tenant that URLs without a tenant segment address, or null when none is. */
export function defaultTenantId(): string | null {
  return isTenantServed(DEFAULT_TENANT_ID) ? DEFAULT_TENANT_ID : null;
}
