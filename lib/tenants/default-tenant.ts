import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import type { Actor } from "../authz/actor";
import { ensureManagedRoles, grantTenantAdmin } from "../authz/roles-seed";
import { auditInstance } from "../audit/write";
import { config } from "../config";
import { db, isUniqueViolation } from "../db";
import { conflict, invalid, zodDetails } from "../errors";
import { resealSecrets } from "../secrets/values";
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
      await tx.tenantAccess.create({ data: { tenantId: DEFAULT_TENANT_ID, userId: u.id } });
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
  "flowRevision",
  "role",
  "group",
  "groupMember",
  "binding",
  "secret",
  "kvEntry",
  "namespaceFile",
  "auditLog",
  "execution",
  "logEntry",
] as const;
type Table = (typeof TABLES)[number];
type Counting = { count(a: { where: { tenantId: string } }): Promise<number> };
type Moving = { updateMany(a: { where: { tenantId: string }; data: { tenantId: string } }): Promise<{ count: number }> };

export type MoveCounts = Record<Table | "tenantAccess" | "files", number>;

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
  counts.files = await countFiles(from);
  if (opts.dryRun) return { id, name, counts, dryRun: true };

  try {
    await db.$transaction(
      async (tx) => {
        await tx.tenant.create({ data: { id, name } });
        const access = await tx.tenantAccess.findMany({ where: { tenantId: DEFAULT_TENANT_ID } });
        for (const a of access) await tx.tenantAccess.create({ data: { tenantId: id, userId: a.userId } });
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
        for (const s of superadmins) await grantTenantAdmin(tx, DEFAULT_TENANT_ID, s.id);
        // files last: if the move fails, the transaction rolls the records back
        if (counts.files > 0) {
          await fs.mkdir(path.dirname(to), { recursive: true });
          await fs.rename(from, to);
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
