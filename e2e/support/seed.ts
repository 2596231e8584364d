// Prepares data for one end-to-end test through the product's own domain functions, in the
// database the server uses. Runs inside the Playwright worker, in its seeding thread
// (seeder-thread.mjs), which keeps one data layer open for all the worker's tests.
import bcrypt from "bcryptjs";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { grantTenantAccess } from "@/lib/tenants/access";
import { createNamespace, updateNamespace } from "@/lib/namespaces/namespaces";
import { bindingKey } from "@/lib/rbac/binding-key";
import { createBinding } from "@/lib/rbac/bindings";
import { createGroup } from "@/lib/rbac/groups";
import { createRole } from "@/lib/rbac/roles";
import type { RoleInput } from "@/lib/rbac/schemas";
import { createToken } from "@/lib/tokens/tokens";
import { writeFile } from "@/lib/files/files";
import { putKv } from "@/lib/kv/kv";
import { putSecret } from "@/lib/secrets/secrets";
import { createTenant } from "@/lib/tenants/tenants";
import { createUser } from "@/lib/users/users";

export { disconnectDb } from "@/lib/db";

// The seeded users' password hashes at bcrypt's lowest cost (4 instead of the product's 10), as in
// the integration tests (tests/worker-setup.ts): a hash at cost 10 is ~0.1 s of CPU in pure
// JavaScript, paid once when seeding and again at every sign-in of the user. The
// hashes are real (the server still refuses a wrong password); the server itself keeps cost 10 for
// what it hashes (the first administrator, a password a test changes in the browser).
const realHash = bcrypt.hash;
bcrypt.hash = ((s: string, rounds: number | string) => realHash(s, typeof rounds === "number" ? Math.min(rounds, 4) : rounds)) as typeof bcrypt.hash;

export type SeedSpec = {
  users?: Record<string, { superadmin?: boolean; canCreateTenant?: boolean; displayName?: string }>;
  tenants?: Record<string, { name?: string; admin?: string; access?: string[]; id?: string }>;
  bindings?: { tenant: string; user: string; role: string; namespace?: string }[];
  flows?: { tenant: string; namespace: string; id: string; description?: string; labels?: Record<string, string> }[];
  // created before the bindings, through the domain functions (audited like a user's changes)
  namespaces?: {
    tenant: string;
    name: string;
    description?: string;
    pluginDefaults?: { type: string; forced?: boolean; values: Record<string, unknown> }[];
  }[];
  roles?: { tenant: string; name: string; description?: string; permissions: RoleInput["permissions"] }[];
  groups?: { tenant: string; name: string; description?: string; members?: string[] }[];
  groupBindings?: { tenant: string; group: string; role: string; namespace?: string }[];
  tokens?: { user: string; name: string }[];
  // namespace resources, written through the domain functions (namespace null: a tenant-level secret)
  secrets?: { tenant: string; namespace: string | null; key: string; value: string; description?: string }[];
  kv?: { tenant: string; namespace: string; key: string; value: string }[];
  files?: { tenant: string; namespace: string; path: string; content: string }[];
  // live workers (a row as a `tenantflow worker --group KEY` process registers, its heartbeat now)
  workers?: { id: string; group: string; concurrency?: number; running?: number }[];
};

export type Seeded = {
  users: Record<string, { id: string; username: string; password: string; displayName: string }>;
  tenants: Record<string, { id: string; name: string }>;
  /** API tokens by name, shown once as on creation */
  tokens: Record<string, string>;
};

/** Creates what the spec names; `suffix` makes every name unique (see seeder.ts). */
export async function seedWorld(spec: SeedSpec, suffix: string): Promise<Seeded> {
  const password = "e2e-password-" + suffix;
  const users: Record<string, { id: string; username: string; password: string; displayName: string }> = {};
  for (const [key, u] of Object.entries(spec.users ?? {})) {
    const created = await createUser(cliActor(), {
      username: `${key}-${suffix}@example.com`,
      password,
      displayName: u.displayName ?? `${key[0].toUpperCase()}${key.slice(1)} ${suffix}`,
      superadmin: u.superadmin,
    });
    if (u.canCreateTenant) await db.user.update({ where: { id: created.id }, data: { canCreateTenant: true } });
    users[key] = { id: created.id, username: created.username, password, displayName: created.displayName };
  }
  const tenants: Record<string, { id: string; name: string }> = {};
  for (const [key, t] of Object.entries(spec.tenants ?? {})) {
    const id = t.id ?? `${key}-${suffix}`;
    const created = await createTenant(
      cliActor(),
      { id, name: t.name ?? `${key[0].toUpperCase()}${key.slice(1)} ${suffix}` },
      { adminUserId: t.admin ? users[t.admin].id : undefined },
    );
    for (const u of t.access ?? []) {
      await db.tenantAccess.create({ data: { tenantId: id, userId: users[u].id } });
    }
    tenants[key] = { id: created.id, name: created.name };
  }
  const ctxOf = (tenant: string) => tenantContext(cliActor(), tenants[tenant]?.id ?? tenant);
  for (const n of spec.namespaces ?? []) {
    await createNamespace(await ctxOf(n.tenant), { name: n.name, description: n.description });
    if (n.pluginDefaults) await updateNamespace(await ctxOf(n.tenant), n.name, { pluginDefaults: n.pluginDefaults });
  }
  for (const r of spec.roles ?? []) await createRole(await ctxOf(r.tenant), r);
  for (const g of spec.groups ?? []) {
    await createGroup(await ctxOf(g.tenant), { ...g, members: (g.members ?? []).map((u) => users[u].username) });
  }
  for (const b of spec.groupBindings ?? []) await createBinding(await ctxOf(b.tenant), b);
  for (const x of spec.secrets ?? []) await putSecret(await ctxOf(x.tenant), x.namespace, x.key, { value: x.value, description: x.description });
  for (const x of spec.kv ?? []) await putKv(await ctxOf(x.tenant), x.namespace, x.key, { type: "STRING", value: x.value });
  for (const x of spec.files ?? []) await writeFile(await ctxOf(x.tenant), x.namespace, x.path, new TextEncoder().encode(x.content));
  const tokens: Record<string, string> = {};
  for (const w of spec.workers ?? []) {
    await db.worker.create({ data: { id: w.id, workerGroup: w.group, host: "e2e-host", pid: 4242, concurrency: w.concurrency ?? 4, running: w.running ?? 0 } });
  }
  for (const t of spec.tokens ?? []) tokens[t.name] = (await createToken(cliActor(), users[t.user].id, { name: t.name })).token;
  for (const b of spec.bindings ?? []) {
    const tenantId = tenants[b.tenant]?.id ?? b.tenant;
    if (b.role === "Admin" && !b.namespace) {
      await db.$transaction((tx) => grantTenantAccess(tx, tenantId, users[b.user].id, { admin: true }));
      continue;
    }
    const role = await db.role.findFirstOrThrow({ where: { tenantId, name: b.role } });
    const userId = users[b.user].id;
    const namespace = b.namespace ?? null;
    await db.binding.create({ data: { tenantId, roleId: role.id, userId, namespace, key: bindingKey({ roleId: role.id, userId, namespace }) } });
  }
  for (const f of spec.flows ?? []) {
    const tenantId = tenants[f.tenant]?.id ?? f.tenant;
    const labels = Object.entries(f.labels ?? {});
    const source =
      `id: ${f.id}\nnamespace: ${f.namespace}\n${f.description ? `description: ${f.description}\n` : ""}` +
      (labels.length ? `labels:\n${labels.map(([k, v]) => `  ${k}: ${v}\n`).join("")}` : "") +
      `tasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`;
    await db.flow.create({
      data: {
        tenantId,
        namespace: f.namespace,
        flowId: f.id,
        revision: 1,
        source,
        parsed: "{}",
        description: f.description,
        labels: JSON.stringify(f.labels ?? {}),
      },
    });
    await db.flowRevision.create({ data: { tenantId, namespace: f.namespace, flowId: f.id, revision: 1, source } });
  }
  return { users, tenants, tokens };
}

/** Sets a tenant's secret backend (JSON, or null to inherit), as the backend settings page would. */
export async function setTenantSecretBackend(tenantId: string, setting: string | null) {
  await db.tenant.update({ where: { id: tenantId }, data: { secretConfig: setting } });
}
