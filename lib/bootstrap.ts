import "server-only";
import { cliActor } from "./authz/actor";
import { grantTenantAccess } from "./tenants/access";
import { ensureManagedRoles } from "./authz/roles-seed";
import { auditInstance } from "./audit/write";
import { config, isPostgres } from "./config";
import { db, isUniqueViolation } from "./db";
import { hashPassword, randomPassword } from "./passwords";
import { verifyInstanceKey } from "./secrets/instance-key";
import { migrateStorageLayout } from "./storage/layout";
import { DEFAULT_TENANT_ID, DEFAULT_TENANT_NAME } from "./tenants/served";

export type BootstrapResult = {
  createdDefaultTenant: boolean;
  admin?: { username: string; password?: string; generated: boolean };
  /** Files moved to the current storage layout on this start. */
  filesMoved?: number;
};

/**
 * First start: the default tenant with its managed roles, and a first administrator when the
 * instance has none. Safe to run on every start and from several processes at once.
 */
export async function bootstrap(): Promise<BootstrapResult> {
  const result: BootstrapResult = { createdDefaultTenant: false };
  // SQLite: write-ahead logging lets readers go on while one writer commits (kept in the file)
  if (!isPostgres()) await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  // a missing or wrong TENANTFLOW_SECRET_KEY stops the start (never plaintext, never unreadable secrets)
  await verifyInstanceKey();
  try {
    await db.tenant.create({ data: { id: DEFAULT_TENANT_ID, name: DEFAULT_TENANT_NAME } });
    result.createdDefaultTenant = true;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  await db.$transaction((tx) => ensureManagedRoles(tx, DEFAULT_TENANT_ID));
  try {
    result.filesMoved = (await migrateStorageLayout()).moved;
  } catch (e) {
    // an unreachable S3 backend must not keep the instance down: the next start tries again
    console.error("tenantflow: moving stored files to the current layout failed; retried on the next start:", e instanceof Error ? e.message : e);
  }

  if ((await db.user.count({ where: { superadmin: true } })) > 0) return result;
  const cfg = config();
  const username = cfg.adminUsername ?? "admin";
  const generated = !cfg.adminPassword;
  const password = cfg.adminPassword ?? randomPassword();
  const passwordHash = await hashPassword(password);
  try {
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { username, passwordHash, displayName: "Administrator", superadmin: true },
      });
      await grantTenantAccess(tx, DEFAULT_TENANT_ID, user.id, { admin: true });
      await auditInstance(tx, cliActor(), {
        action: "CREATE",
        resourceType: "USER",
        resourceId: username,
        after: { username, superadmin: true },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) return result; // another process won the race
    throw e;
  }
  result.admin = { username, generated, password: generated ? password : undefined };
  return result;
}
