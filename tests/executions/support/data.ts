import { db, tenantDb } from "@/lib/db";
import { createExecution } from "@/lib/executions/store";
import { makeTenant, uniq } from "../../helpers";

/** A tenant with a flow of `tasks` (saved as revision 1), and a function that starts executions of it. */
export async function flowWith(tasks: Record<string, unknown>[], tenantId?: string) {
  const tenant = tenantId ?? (await makeTenant()).id;
  const flowId = uniq("flow");
  const parsed = { id: flowId, namespace: "company.team", tasks };
  await db.flow.create({ data: { tenantId: tenant, namespace: "company.team", flowId, revision: 1, source: "", parsed: JSON.stringify(parsed) } });
  const start = () => createExecution({ db: tenantDb(tenant), tenantId: tenant }, { namespace: "company.team", flowId, flowRevision: 1 });
  return { tenantId: tenant, flowId, start };
}

/** Resolves when `check` answers truthy (it is asked again after each short pause); fails after `ms`. */
export async function until<T>(check: () => Promise<T>, ms = 20_000, what = "the condition"): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Empties the engine's queue of this worker's database before a file starts roles: the roles serve
 * every tenant, and the executions, timers, jobs and schedules that earlier files left behind (in
 * tenants of their own) are not this file's work. Without it a file's roles would run that backlog
 * too, and what this file awaits would come late, by how much depending on which files ran before.
 */
export async function emptyQueue() {
  await db.executionEvent.deleteMany({});
  await db.taskJob.deleteMany({});
  await db.trigger.updateMany({ data: { disabled: true } });
}
