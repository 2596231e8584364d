import "server-only";
import type { Actor } from "../authz/actor";
import { type TenantContext, buildContext } from "../authz/context";

/**
 * The actor a running execution acts as when its tasks write KV pairs, state or files: trusted
 * within its tenant like the CLI (the flow was saved by someone allowed to), named after the
 * execution in the audit log. Allowed namespaces still hold: the engine checks them itself.
 */
export function engineActor(executionId: string): Actor {
  return {
    userId: null,
    username: `execution ${executionId}`,
    displayName: "Executions engine",
    superadmin: false,
    canCreateTenant: false,
    via: "engine",
    system: true,
  };
}

/**
 * The tenant context the engine calls domain functions with (getKv, putKv, ...): every permission
 * holds, the data is bound to `tenantId` as for any request. Built without a database read: a
 * worker only runs work claimed for a tenant that exists.
 */
export function engineContext(tenantId: string, executionId: string): TenantContext {
  return buildContext(engineActor(executionId), { id: tenantId, name: tenantId, description: "" }, []);
}
