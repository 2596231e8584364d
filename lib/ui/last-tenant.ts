import "server-only";
import { cookies } from "next/headers";
import type { Actor } from "../authz/actor";
import { accessibleTenants } from "../tenants/access";

export const LAST_TENANT_COOKIE = "tenantflow-tenant";

/** The last tenant used (a cookie) if still accessible, else the first accessible one. */
export async function preferredTenant(actor: Actor) {
  const tenants = await accessibleTenants(actor);
  const last = (await cookies()).get(LAST_TENANT_COOKIE)?.value;
  return { tenants, preferred: tenants.find((t) => t.id === last)?.id ?? tenants[0]?.id ?? null };
}
