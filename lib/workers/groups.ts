import "server-only";
import type { Actor } from "../authz/actor";
import { auditInstance } from "../audit/write";
import { db, isUniqueViolation } from "../db";
import { conflict, forbidden, invalid, notFound, zodDetails } from "../errors";
import { parseAllowed } from "./allowed";
import { liveWorkers } from "./registry";
import { type WorkerGroupInput, type WorkerGroupUpdate, workerGroupInput, workerGroupKey, workerGroupUpdate } from "./schemas";

// Worker groups (SPEC §7), instance administration: superadmins define the groups a task's
// `workerGroup.key` may name, and which tenants each one's workers may run (none listed: every
// tenant). The same functions serve the API, the admin page and the CLI; every change is in the
// instance audit log.

function requireSuperadmin(actor: Actor) {
  if (!actor.superadmin) throw forbidden("Only a superadmin can manage worker groups");
}

type Row = { key: string; description: string; allowedTenants: string; createdAt: Date; updatedAt: Date };

export type WorkerGroupView = { key: string; description: string; allowedTenants: string[]; createdAt: Date; updatedAt: Date };

const view = (r: Row): WorkerGroupView => ({ ...r, allowedTenants: parseAllowed(r.allowedTenants) });

/** Tenants named that do not exist (deleted ones exist: a restored tenant keeps its groups). */
async function unknownTenants(ids: string[]) {
  if (ids.length === 0) return [];
  const found = new Set((await db.tenant.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((t) => t.id));
  return ids.filter((id) => !found.has(id));
}

async function checkTenants(ids: string[] | undefined) {
  const missing = await unknownTenants(ids ?? []);
  if (missing.length) throw invalid("Invalid worker group", [{ path: "allowedTenants", message: `unknown tenant ${missing.join(", ")}` }]);
}

async function groupRow(key: string) {
  const k = workerGroupKey.safeParse(key);
  const row = k.success ? await db.workerGroup.findUnique({ where: { key: k.data } }) : null;
  if (!row) throw notFound(`Worker group ${key} not found`);
  return row;
}

/** Every group with its live workers, and the live workers of groups not defined (the default group "" among them). */
export async function listWorkerGroups(actor: Actor) {
  requireSuperadmin(actor);
  const [rows, workers] = await Promise.all([db.workerGroup.findMany({ orderBy: { key: "asc" }, take: 1000 }), liveWorkers()]);
  const defined = new Set(rows.map((r) => r.key));
  return {
    groups: rows.map((r) => ({ ...view(r), workers: workers.filter((w) => w.workerGroup === r.key) })),
    otherWorkers: workers.filter((w) => !defined.has(w.workerGroup)),
  };
}

export async function getWorkerGroup(actor: Actor, key: string) {
  requireSuperadmin(actor);
  const row = await groupRow(key);
  return { ...view(row), workers: await liveWorkers({ groups: [row.key] }) };
}

export async function createWorkerGroup(actor: Actor, input: WorkerGroupInput) {
  requireSuperadmin(actor);
  const parsed = workerGroupInput.safeParse(input);
  if (!parsed.success) throw invalid("Invalid worker group", zodDetails(parsed.error.issues));
  const { key, description, allowedTenants } = parsed.data;
  await checkTenants(allowedTenants);
  try {
    return await db.$transaction(async (tx) => {
      const group = view(await tx.workerGroup.create({ data: { key, description: description ?? "", allowedTenants: JSON.stringify(allowedTenants ?? []) } }));
      await auditInstance(tx, actor, { action: "CREATE", resourceType: "WORKER_GROUP", resourceId: key, after: group });
      return group;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`A worker group with key "${key}" already exists`);
    throw e;
  }
}

export async function updateWorkerGroup(actor: Actor, key: string, input: WorkerGroupUpdate) {
  requireSuperadmin(actor);
  const before = view(await groupRow(key));
  const parsed = workerGroupUpdate.safeParse(input);
  if (!parsed.success) throw invalid("Invalid worker group", zodDetails(parsed.error.issues));
  await checkTenants(parsed.data.allowedTenants);
  return db.$transaction(async (tx) => {
    const data = {
      ...(parsed.data.description !== undefined ? { description: parsed.data.description } : {}),
      ...(parsed.data.allowedTenants !== undefined ? { allowedTenants: JSON.stringify(parsed.data.allowedTenants) } : {}),
    };
    const after = view(await tx.workerGroup.update({ where: { key: before.key }, data }));
    await auditInstance(tx, actor, { action: "UPDATE", resourceType: "WORKER_GROUP", resourceId: before.key, before, after });
    return after;
  });
}

/** Deletes a group: its tasks then find no worker, and their fallback decides (SPEC §7). */
export async function deleteWorkerGroup(actor: Actor, key: string) {
  requireSuperadmin(actor);
  const before = view(await groupRow(key));
  await db.$transaction(async (tx) => {
    await tx.workerGroup.delete({ where: { key: before.key } });
    await auditInstance(tx, actor, { action: "DELETE", resourceType: "WORKER_GROUP", resourceId: before.key, before });
  });
  return { key: before.key, deleted: true as const };
}

export const workerGroupExists = async (key: string) => !!(await db.workerGroup.findUnique({ where: { key }, select: { key: true } }));

/** A tenant's or namespace's default must name a defined group. */
export async function requireWorkerGroup(key: string) {
  if (!(await workerGroupExists(key))) {
    throw invalid("Unknown worker group", [{ path: "workerGroup", message: `worker group ${key} is not defined` }]);
  }
}
