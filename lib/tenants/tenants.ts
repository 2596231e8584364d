import "server-only";
import type { Actor } from "../authz/actor";
import { grantTenantAccess } from "./access";
import { ensureManagedRoles } from "../authz/roles-seed";
import { audit, auditInstance } from "../audit/write";
import { parseStored, type SecretConfig, secretConfig, type StorageConfig, storageConfig } from "../backends/config";
import { db, isUniqueViolation } from "../db";
import { requireWorkerGroup } from "../workers/groups";
import { AppError, conflict, forbidden, invalid, notFound, zodDetails } from "../errors";
import { TENANT_DELETED, type TenantAdminInput, type TenantInput, type TenantUpdate, tenantAdminInput, tenantInput, tenantUpdate } from "./schemas";
import { DEFAULT_TENANT_ID, multiTenancy } from "./served";
import { limitsChanged } from "../executions/concurrency";

export const publicTenant = {
  id: true,
  name: true,
  description: true,
  deleted: true,
  deletedAt: true,
  createdAt: true,
  updatedAt: true,
  storageConfig: true,
  secretConfig: true,
  workerGroup: true,
  concurrencyLimit: true,
  weight: true,
} as const;

type TenantRecord = { storageConfig: string | null; secretConfig: string | null } & Record<string, unknown>;

/** A tenant as the API shows it: its dedicated backends parsed (null: the instance default). */
function view<T extends TenantRecord>(row: T) {
  const { storageConfig: storage, secretConfig: secrets, ...rest } = row;
  return { ...rest, storage: parseStored(storageConfig, storage), secrets: parseStored(secretConfig, secrets) } as Omit<T, "storageConfig" | "secretConfig"> & {
    storage: StorageConfig | null;
    secrets: SecretConfig | null;
  };
}

/** Dedicated backends and worker groups name the instance's infrastructure: only a superadmin
 * chooses them, and a worker group must be defined. */
async function requireBackendRights(actor: Actor, input: { storage?: unknown; secrets?: unknown; workerGroup?: string | null }) {
  if ((input.storage !== undefined || input.secrets !== undefined) && !actor.superadmin) {
    throw forbidden("Only a superadmin may choose a tenant's storage or secret backend");
  }
  if (input.workerGroup !== undefined && !actor.superadmin) throw forbidden("Only a superadmin may choose a tenant's default worker group");
  if (input.workerGroup) await requireWorkerGroup(input.workerGroup);
}

const backendColumns = (input: { storage?: StorageConfig | null; secrets?: SecretConfig | null }) => ({
  ...(input.storage !== undefined ? { storageConfig: input.storage === null ? null : JSON.stringify(input.storage) } : {}),
  ...(input.secrets !== undefined ? { secretConfig: input.secrets === null ? null : JSON.stringify(input.secrets) } : {}),
});

function requireMultiTenancy() {
  if (!multiTenancy().enabled) {
    throw notFound("Multi-tenancy is disabled on this instance (set TENANTS_ENABLED=true to manage tenants)");
  }
}

function requireCreate(actor: Actor) {
  if (!actor.superadmin && !actor.canCreateTenant) throw forbidden("Missing permission TENANT:CREATE");
}

/** Whether the actor may edit or delete this tenant: superadmins, or its tenant-wide Admins (directly or through a group). */
async function canManage(actor: Actor, tenantId: string): Promise<boolean> {
  if (actor.superadmin) return true;
  if (!actor.userId) return false;
  const userId = actor.userId;
  // the Admin role held directly or through a group of this tenant
  const admin = await db.binding.findFirst({
    where: {
      tenantId,
      namespace: null,
      role: { tenantId, name: "Admin", managed: true },
      OR: [{ userId }, { group: { tenantId, members: { some: { userId } } } }],
    },
    select: { id: true },
  });
  const access = await db.tenantAccess.findUnique({ where: { tenantId_userId: { tenantId, userId: actor.userId } } });
  return !!admin && !!access;
}

/**
 * Creates a tenant with its managed roles; the creator (or `adminUserId`, from the CLI) gets access
 * and the Admin role at once.
 */
export async function createTenant(actor: Actor, input: TenantInput, opts: { adminUserId?: string } = {}) {
  requireMultiTenancy();
  requireCreate(actor);
  const parsed = tenantInput.safeParse(input);
  if (!parsed.success) throw invalid("Invalid tenant", zodDetails(parsed.error.issues));
  const { id, name, description } = parsed.data;
  await requireBackendRights(actor, parsed.data);
  const adminUserId = opts.adminUserId ?? actor.userId;
  try {
    return await db.$transaction(async (tx) => {
      const tenant = view(
        await tx.tenant.create({
          data: { id, name, description: description ?? "", workerGroup: parsed.data.workerGroup ?? null, ...backendColumns(parsed.data) },
          select: publicTenant,
        }),
      );
      await ensureManagedRoles(tx, id);
      if (adminUserId) await grantTenantAccess(tx, id, adminUserId, { admin: true });
      await auditInstance(tx, actor, { action: "CREATE", resourceType: "TENANT", resourceId: id, after: tenant });
      await audit(tx, actor, id, { action: "CREATE", resourceType: "TENANT", resourceId: id, after: tenant });
      return tenant;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw await idTaken(actor, id);
    throw e;
  }
}

/**
 * Why an id is taken. A superadmin learns that it is a deleted tenant's, to restore it rather than
 * pick another id; anyone else gets the plain answer (they could not restore it).
 */
async function idTaken(actor: Actor, id: string) {
  const existing = await db.tenant.findUnique({ where: { id }, select: { deleted: true } });
  if (existing?.deleted && actor.superadmin) {
    return new AppError(409, TENANT_DELETED, `A deleted tenant has the id "${id}": restore it, or choose another id`, [
      { path: "id", message: "A deleted tenant has this id" },
    ]);
  }
  return conflict(`A tenant with id "${id}" already exists`);
}

/** Tenants for administration: all of them for a superadmin, else the ones the actor administers. */
export async function listTenants(actor: Actor, opts: { includeDeleted?: boolean } = {}) {
  requireMultiTenancy();
  if (!actor.superadmin && !actor.canCreateTenant) throw forbidden("Missing permission TENANT:CREATE");
  if (actor.superadmin) {
    const rows = await db.tenant.findMany({
      where: opts.includeDeleted ? {} : { deleted: false },
      select: publicTenant,
      orderBy: { createdAt: "asc" },
    });
    return rows.map(view);
  }
  const userId = actor.userId ?? "";
  const adminOf = await db.binding.findMany({
    where: { namespace: null, role: { name: "Admin", managed: true }, OR: [{ userId }, { group: { members: { some: { userId } } } }] },
    select: { tenantId: true, role: { select: { tenantId: true } }, group: { select: { tenantId: true } } },
  });
  // as canManage: the role and the group must be of the binding's own tenant
  const ids = adminOf
    .filter((b) => b.role.tenantId === b.tenantId && (!b.group || b.group.tenantId === b.tenantId))
    .map((b) => b.tenantId);
  const rows = await db.tenant.findMany({
    where: { id: { in: ids }, deleted: false, access: { some: { userId } } },
    select: publicTenant,
    orderBy: { createdAt: "asc" },
  });
  return rows.map(view);
}

export async function getTenant(actor: Actor, id: string) {
  requireMultiTenancy();
  const tenant = await db.tenant.findUnique({ where: { id }, select: publicTenant });
  if (!tenant || (tenant.deleted && !actor.superadmin) || !(await canManage(actor, id))) {
    throw notFound("Tenant not found");
  }
  return view(tenant);
}

export async function updateTenant(actor: Actor, id: string, input: TenantUpdate) {
  const before = await getTenant(actor, id);
  const parsed = tenantUpdate.safeParse(input);
  if (!parsed.success) throw invalid("Invalid tenant", zodDetails(parsed.error.issues));
  await requireBackendRights(actor, parsed.data);
  if ((parsed.data.concurrencyLimit !== undefined || parsed.data.weight !== undefined) && !actor.superadmin) {
    throw forbidden("Only a superadmin may set a tenant's concurrency limit or weight");
  }
  const { storage: _s, secrets: _k, ...plain } = parsed.data;
  const after = await db.$transaction(async (tx) => {
    const after = view(await tx.tenant.update({ where: { id }, data: { ...plain, ...backendColumns(parsed.data) }, select: publicTenant }));
    await auditInstance(tx, actor, { action: "UPDATE", resourceType: "TENANT", resourceId: id, before, after });
    return after;
  });
  // a limit raised or lifted: the queued executions that now fit start
  if (parsed.data.concurrencyLimit !== undefined) await limitsChanged(id);
  return after;
}

export async function deleteTenant(actor: Actor, id: string) {
  const before = await getTenant(actor, id);
  if (id === DEFAULT_TENANT_ID) {
    throw invalid("The default tenant cannot be deleted; switch it off with TENANTS_DEFAULT_TENANT=false");
  }
  if (before.deleted) return before;
  return db.$transaction(async (tx) => {
    const after = view(await tx.tenant.update({
      where: { id },
      data: { deleted: true, deletedAt: new Date() },
      select: publicTenant,
    }));
    await auditInstance(tx, actor, { action: "DELETE", resourceType: "TENANT", resourceId: id, before, after });
    return after;
  });
}

export async function restoreTenant(actor: Actor, id: string) {
  if (!actor.superadmin) throw forbidden("Only a superadmin can restore a tenant");
  const before = await getTenant(actor, id);
  if (!before.deleted) return before;
  return db.$transaction(async (tx) => {
    const after = view(await tx.tenant.update({
      where: { id },
      data: { deleted: false, deletedAt: null },
      select: publicTenant,
    }));
    await auditInstance(tx, actor, { action: "RESTORE", resourceType: "TENANT", resourceId: id, before, after });
    return after;
  });
}

/**
 * The recovery path for a tenant left without an Admin: a superadmin gives a user access and the
 * tenant-wide Admin role (also a tenant the superadmin cannot enter). Audited in the instance's
 * log and the tenant's.
 */
export async function addTenantAdmin(actor: Actor, id: string, input: TenantAdminInput) {
  requireMultiTenancy();
  if (!actor.superadmin) throw forbidden("Only a superadmin can add a tenant's Admin");
  const tenant = await db.tenant.findUnique({ where: { id }, select: { id: true } });
  if (!tenant) throw notFound("Tenant not found");
  const parsed = tenantAdminInput.safeParse(input);
  if (!parsed.success) throw invalid("Invalid user", zodDetails(parsed.error.issues));
  const name = parsed.data.username;
  const user = await db.user.findUnique({ where: { username: name }, select: { id: true, username: true } });
  if (!user) throw invalid("Unknown user", [{ path: "username", message: `no user named "${name}"` }]);
  return db.$transaction(async (tx) => {
    await ensureManagedRoles(tx, id);
    await grantTenantAccess(tx, id, user.id, { admin: true });
    const after = { tenant: id, username: user.username, role: "Admin" };
    await auditInstance(tx, actor, { action: "CREATE", resourceType: "TENANT_ADMIN", resourceId: `${id}/${user.username}`, after });
    await audit(tx, actor, id, { action: "CREATE", resourceType: "BINDING", resourceId: user.username, after });
    return after;
  });
}
