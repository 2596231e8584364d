import { cliActor } from "@/lib/authz/actor";
import { findUserByUsername } from "@/lib/users/users";
import { migrateDefaultTenant, syncAccess } from "@/lib/tenants/default-tenant";
import { addTenantAdmin, createTenant, deleteTenant, listTenants, restoreTenant, updateTenant } from "@/lib/tenants/tenants";
import { type Io, UsageError, args, keyOrNone, wholeNumber } from "./args";

async function create(argv: string[], io: Io) {
  const { values, positionals } = args(argv, {
    tenant: { type: "string" },
    name: { type: "string" },
    description: { type: "string" },
    "admin-username": { type: "string" },
  });
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  if (!values.tenant) throw new UsageError("tenants create needs --tenant ID");
  if (!values.name) throw new UsageError("tenants create needs --name NAME");
  let adminUserId: string | undefined;
  if (values["admin-username"]) {
    const user = await findUserByUsername(values["admin-username"] as string);
    if (!user) throw new UsageError(`user ${values["admin-username"]} not found`);
    adminUserId = user.id;
  }
  const t = await createTenant(
    cliActor(),
    { id: values.tenant as string, name: values.name as string, description: values.description as string | undefined },
    { adminUserId },
  );
  io.out(`created tenant ${t.id} (${t.name})${values["admin-username"] ? `, admin ${values["admin-username"]}` : ""}`);
  return 0;
}

async function list(argv: string[], io: Io) {
  const { values } = args(argv, { all: { type: "boolean" } });
  const rows = await listTenants(cliActor(), { includeDeleted: !!values.all });
  if (!rows.length) io.out("no tenants");
  for (const t of rows) io.out(`${t.id}\t${t.name}${t.deleted ? "\t(deleted)" : ""}`);
  return 0;
}

async function remove(argv: string[], io: Io) {
  const { positionals } = args(argv);
  if (positionals.length !== 1) throw new UsageError("tenants delete ID");
  await deleteTenant(cliActor(), positionals[0]);
  io.out(`deleted tenant ${positionals[0]} (soft delete: a superadmin can restore it)`);
  return 0;
}

/** Brings a deleted tenant back with its data (also the way to re-use a deleted tenant's id). */
async function restore(argv: string[], io: Io) {
  const { positionals } = args(argv);
  if (positionals.length !== 1) throw new UsageError("tenants restore ID");
  const t = await restoreTenant(cliActor(), positionals[0]);
  io.out(`restored tenant ${t.id} (${t.name})`);
  return 0;
}

/** The recovery of a tenant without an Admin: makes USER its tenant-wide Admin (audited). */
async function addAdmin(argv: string[], io: Io) {
  const { values, positionals } = args(argv, { tenant: { type: "string" } });
  if (!values.tenant || positionals.length !== 1) throw new UsageError("tenants add-admin --tenant T USER");
  const r = await addTenantAdmin(cliActor(), values.tenant as string, { username: positionals[0] });
  io.out(`${r.username} is now an Admin of tenant ${r.tenant}`);
  return 0;
}

/** A superadmin's engine settings of a tenant: its concurrency limit and its weight between tenants. */
async function update(argv: string[], io: Io) {
  const { values, positionals } = args(argv, {
    "concurrency-limit": { type: "string" },
    weight: { type: "string" },
    "worker-group": { type: "string" },
  });
  const usage = "tenants update ID [--concurrency-limit N|none] [--weight W] [--worker-group KEY|none]";
  if (positionals.length !== 1) throw new UsageError(usage);
  const change: { concurrencyLimit?: number | null; weight?: number; workerGroup?: string | null } = {};
  if (values["concurrency-limit"] !== undefined) change.concurrencyLimit = wholeNumber("concurrency-limit", values["concurrency-limit"] as string, true);
  if (values.weight !== undefined) change.weight = wholeNumber("weight", values.weight as string, false)!;
  if (values["worker-group"] !== undefined) change.workerGroup = keyOrNone(values["worker-group"] as string);
  if (Object.keys(change).length === 0) throw new UsageError(`nothing to change: ${usage}`);
  const t = await updateTenant(cliActor(), positionals[0], change);
  io.out(`tenant ${t.id}: concurrency limit ${t.concurrencyLimit ?? "none"}, weight ${t.weight}, worker group ${t.workerGroup ?? "default"}`);
  return 0;
}

async function sync(argv: string[], io: Io) {
  args(argv);
  const granted = await syncAccess(cliActor());
  if (!granted.length) io.out("every user already has access to the default tenant: nothing changed");
  for (const u of granted) io.out(`granted ${u} access to the default tenant`);
  return 0;
}

async function migrate(argv: string[], io: Io) {
  const { values, positionals } = args(argv, {
    "tenant-id": { type: "string" },
    "tenant-name": { type: "string" },
    "dry-run": { type: "boolean" },
  });
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  if (!values["tenant-id"] || !values["tenant-name"]) {
    throw new UsageError("migrate default-tenant --tenant-id ID --tenant-name NAME [--dry-run]");
  }
  const r = await migrateDefaultTenant(
    cliActor(),
    { id: values["tenant-id"] as string, name: values["tenant-name"] as string },
    { dryRun: !!values["dry-run"] },
  );
  io.out(r.dryRun ? `dry run: would move into tenant ${r.id}:` : `moved the default tenant's data into tenant ${r.id}:`);
  for (const [k, v] of Object.entries(r.counts)) io.out(`  ${k}: ${v}`);
  return 0;
}

export const tenantCommands: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  "tenants create": create,
  "tenants list": list,
  "tenants delete": remove,
  "tenants restore": restore,
  "tenants update": update,
  "tenants add-admin": addAdmin,
  "users sync-access": sync,
  "migrate default-tenant": migrate,
};
