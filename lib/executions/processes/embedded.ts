import { config } from "@/lib/config";
import { runExecutor } from "./executor";
import { runScheduler } from "./scheduler";
import { runWorker } from "./worker";
import type { Role } from "./role";

const started = globalThis as unknown as { __tenantflowRoles?: Role[] };

/**
 * The app's own executor, worker and scheduler (`npm start` on one machine), unless
 * TENANTFLOW_EMBEDDED_ROLES=false leaves them to processes of their own. Started once per process.
 * A stopped app leaves its running attempts to expire: their leases run out and the scheduler of
 * any instance gives them to another worker as new attempts.
 */
export function startEmbeddedRoles(): Role[] {
  if (started.__tenantflowRoles) return started.__tenantflowRoles;
  const c = config();
  started.__tenantflowRoles = c.embeddedRoles
    ? [runExecutor(), runWorker({ concurrency: c.workerConcurrency }), runScheduler()]
    : [];
  return started.__tenantflowRoles;
}

export async function stopEmbeddedRoles() {
  const roles = started.__tenantflowRoles ?? [];
  started.__tenantflowRoles = undefined;
  await Promise.all(roles.map((r) => r.stop()));
}
