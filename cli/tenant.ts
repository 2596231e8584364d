import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { UsageError } from "./args";

/**
 * The context of the tenant a command's `--tenant` names, acting as the command line; a missing
 * flag (`needs`: what the usage error says) or an unknown tenant is a usage error.
 */
export async function commandTenant(tenant: unknown, needs: string) {
  if (typeof tenant !== "string" || !tenant) throw new UsageError(needs);
  return tenantContext(cliActor(), tenant).catch(() => {
    throw new UsageError(`tenant ${tenant} not found`);
  });
}
