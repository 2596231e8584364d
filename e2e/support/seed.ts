// Prepares data for one end-to-end test through the product's own domain functions, in the
// database the server uses. Reads a JSON spec as its argument and prints what it created.
import crypto from "node:crypto";
import { cliActor } from "@/lib/authz/actor";
import { db, disconnectDb } from "@/lib/db";
import { grantTenantAdmin } from "@/lib/authz/roles-seed";
import { bindingKey } from "@/lib/rbac/binding-key";
import { createTenant } from "@/lib/tenants/tenants";
import { createUser } from "@/lib/users/users";

export type SeedSpec = {
  users?: Record<string, { superadmin?: boolean; canCreateTenant?: boolean; displayName?: string }>;
  tenants?: Record<string, { name?: string; admin?: string; access?: string[]; id?: string }>;
  bindings?: { tenant: string; user: string; role: string; namespace?: string }[];
  flows?: { tenant: string; namespace: string; id: string; description?: string; labels?: Record<string, string> }[];
};

async function main() {
  const spec: SeedSpec = JSON.parse(process.argv[2] ?? "{}");
  const suffix = crypto.randomBytes(3).toString("hex");
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
  for (const b of spec.bindings ?? []) {
    const tenantId = tenants[b.tenant]?.id ?? b.tenant;
    if (b.role === "Admin" && !b.namespace) {
      await db.$transaction((tx) => grantTenantAdmin(tx, tenantId, users[b.user].id));
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
  process.stdout.write(JSON.stringify({ users, tenants }));
}

main()
  .then(() => disconnectDb())
  .catch((e) => {
    process.stderr.write(String(e?.stack ?? e));
    process.exit(1);
  });
