import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import type { Actor } from "../authz/actor";
import { grantTenantAccess } from "./access";
import { ensureManagedRoles } from "../authz/roles-seed";
import { auditInstance } from "../audit/write";
import { config } from "../config";
import { db, isUniqueViolation, tenantDb } from "../db";
import { conflict, invalid, zodDetails } from "../errors";
import { resolveStorage } from "../backends/resolve";
import { resealSecrets } from "../secrets/values";
import { objectKey } from "../storage/keys";
import { backendFor } from "../storage/resolve";
import { tenantInput } from "./schemas";
import { DEFAULT_TENANT_ID } from "./served";

/** Grants every existing user explicit access to the default tenant, keeping their bindings. */
export async function syncAccess(actor: Actor) {
  return db.$transaction(async (tx) => {
    const users = await tx.user.findMany({
      where: { access: { none: { tenantId: DEFAULT_TENANT_ID } } },
      select: { id: true, username: true },
      orderBy: { username: "asc" },
    });
    for (const u of users) {
      await grantTenantAccess(tx, DEFAULT_TENANT_ID, u.id);
    }
    if (users.length) {
      await auditInstance(tx, actor, {
        action: "SYNC_ACCESS",
        resourceType: "TENANT_ACCESS",
        resourceId: DEFAULT_TENANT_ID,
        after: { granted: users.map((u) => u.username) },
      });
    }
    return users.map((u) => u.username);
  });
}

// every tenant-owned table, in an order that keeps references valid
const TABLES = [
  "namespace",
  "flow",
  // a trigger follows its flow (its (tenantId, namespace, flowId) reference cascades on update)
  "trigger",
  // so does a Flow trigger's window in progress
  "triggerWindow",
  "flowRevision",
  "role",
  "group",
  "groupMember",
  "binding",
  "secret",
  "kvEntry",
  "namespaceFile",
  "auditLog",
  // an execution's rows follow it (their (tenantId, executionId) references cascade on update)
  "execution",
  "taskRun",
  "executionLog",
  "executionEvent",
  "taskJob",
] as const;
type Table = (typeof TABLES)[number];
type Counting = { count(a: { where: { tenantId: string } }): Promise<number> };
type Moving = { updateMany(a: { where: { tenantId: string }; data: { tenantId: string } }): Promise<{ count: number }> };

export type MoveCounts = Record<Table | "tenantAccess" | "files", number>;

/**
 * The default tenant's files kept by a dedicated backend (a namespace's or the tenant's own):
 * their keys carry the tenant id, so each is moved one by one.
 */
async function dedicatedFiles() {
  const rows = await db.namespaceFile.findMany({
    where: { tenantId: DEFAULT_TENANT_ID, NOT: { path: { endsWith: "/" } } },
    select: { namespace: true, path: true },
  });
  const out: { namespace: string; path: string; config: Awaited<ReturnType<typeof resolveStorage>>["config"] }[] = [];
  const byNamespace = new Map<string, Awaited<ReturnType<typeof resolveStorage>>>();
  for (const r of rows) {
    if (!byNamespace.has(r.namespace)) byNamespace.set(r.namespace, await resolveStorage(tenantDb(DEFAULT_TENANT_ID), r.namespace));
    const resolved = byNamespace.get(r.namespace)!;
    if (resolved.source.level !== "instance") out.push({ ...r, config: resolved.config });
  }
  return out;
}

/** Moves files between tenants' keys in their backends; undoes the moves done when one fails. */
async function moveDedicated(files: Awaited<ReturnType<typeof dedicatedFiles>>, to: string) {
  const done: { backend: ReturnType<typeof backendFor>; from: string; to: string }[] = [];
  try {
    for (const f of files) {
      const backend = backendFor(f.config);
      const step = { backend, from: objectKey(DEFAULT_TENANT_ID, f.namespace, f.path), to: objectKey(to, f.namespace, f.path) };
      // a row whose bytes are already gone stays a row without bytes, as before
      if (!(await backend.stat(step.from))) continue;
      await backend.move(step.from, step.to);
      done.push(step);
    }
  } catch (e) {
    for (const d of done.reverse()) await d.backend.move(d.to, d.from).catch(() => undefined);
    throw e;
  }
}

async function countFiles(dir: string): Promise<number> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  let n = 0;
  for (const e of entries) n += e.isDirectory() ? await countFiles(path.join(dir, e.name)) : 1;
  return n;
}

/**
 * Moves every record of the default tenant, and its stored files, into a new named tenant in one
 * transaction. Users who had access to the default tenant keep it (it is left empty, with fresh
 * managed roles); their bindings move with the data.
 */
export async function migrateDefaultTenant(actor: Actor, input: { id: string; name: string }, opts: { dryRun?: boolean } = {}) {
  const parsed = tenantInput.safeParse({ id: input.id, name: input.name });
  if (!parsed.success) throw invalid("Invalid tenant", zodDetails(parsed.error.issues));
  const { id, name } = parsed.data;
  if (id === DEFAULT_TENANT_ID) throw invalid("The new tenant needs an id other than the default tenant's");
  if (await db.tenant.findUnique({ where: { id } })) throw conflict(`A tenant with id "${id}" already exists`);

  const counts = {} as MoveCounts;
  for (const t of TABLES) counts[t] = await (db[t] as unknown as Counting).count({ where: { tenantId: DEFAULT_TENANT_ID } });
  counts.tenantAccess = await db.tenantAccess.count({ where: { tenantId: DEFAULT_TENANT_ID } });
  const storageRoot = path.resolve(config().storageRoot);
  const from = path.join(storageRoot, DEFAULT_TENANT_ID);
  const to = path.join(storageRoot, id);
  const dedicated = await dedicatedFiles();
  counts.files = (await countFiles(from)) + dedicated.length;
  if (opts.dryRun) return { id, name, counts, dryRun: true };

  try {
    await db.$transaction(
      async (tx) => {
        // the backends chosen for the default tenant go with its data
        const own = await tx.tenant.findUnique({ where: { id: DEFAULT_TENANT_ID }, select: { storageConfig: true, secretConfig: true } });
        await tx.tenant.create({ data: { id, name, storageConfig: own?.storageConfig ?? null, secretConfig: own?.secretConfig ?? null } });
        const access = await tx.tenantAccess.findMany({ where: { tenantId: DEFAULT_TENANT_ID } });
        for (const a of access) await grantTenantAccess(tx, id, a.userId);
        // members and bindings reference their group and role by (tenantId, id): they are taken out
        // while roles and groups change tenant, and put back with the new tenant's key
        const where = { tenantId: DEFAULT_TENANT_ID };
        const members = await tx.groupMember.findMany({ where });
        const bindings = await tx.binding.findMany({ where });
        await tx.binding.deleteMany({ where });
        await tx.groupMember.deleteMany({ where });
        for (const t of TABLES) {
          // secrets are bound to their tenant's key: they are re-sealed, not just relabelled
          if (t === "secret") await resealSecrets(tx, DEFAULT_TENANT_ID, id);
          else if (t === "groupMember") await tx.groupMember.createMany({ data: members.map((m) => ({ ...m, tenantId: id })) });
          else if (t === "binding") await tx.binding.createMany({ data: bindings.map((b) => ({ ...b, tenantId: id })) });
          else await (tx[t] as unknown as Moving).updateMany({ where: { tenantId: DEFAULT_TENANT_ID }, data: { tenantId: id } });
        }
        await ensureManagedRoles(tx, DEFAULT_TENANT_ID);
        const superadmins = await tx.user.findMany({
          where: { superadmin: true, access: { some: { tenantId: DEFAULT_TENANT_ID } } },
          select: { id: true },
        });
        for (const s of superadmins) await grantTenantAccess(tx, DEFAULT_TENANT_ID, s.id, { admin: true });
        // files last: if the move fails, the transaction rolls the records back
        const renamed = (await countFiles(from)) > 0;
        if (renamed) {
          await fs.mkdir(path.dirname(to), { recursive: true });
          await fs.rename(from, to);
        }
        try {
          await moveDedicated(dedicated, id);
        } catch (e) {
          if (renamed) await fs.rename(to, from).catch(() => undefined);
          throw e;
        }
        await auditInstance(tx, actor, {
          action: "MIGRATE_DEFAULT_TENANT",
          resourceType: "TENANT",
          resourceId: id,
          after: { id, name, counts },
        });
      },
      { timeout: 120_000 },
    );
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`A tenant with id "${id}" already exists`);
    throw e;
  }
  return { id, name, counts, dryRun: false };
}
