import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { checkCredentials } from "@/lib/auth/credentials";
import { cliActor } from "@/lib/authz/actor";
import { MANAGED_ROLE_NAMES } from "@/lib/authz/permissions";
import { audit } from "@/lib/audit/write";
import { bootstrap } from "@/lib/bootstrap";
import { db } from "@/lib/db";
import { createToken, revokeToken } from "@/lib/tokens/tokens";
import { PASSWORD, call, makeTenant, makeUser, request, sessionCookie, tokenOf, uniq } from "./helpers";

describe("first start", () => {
  it("creates the default tenant with its managed roles, and nothing twice", async () => {
    await bootstrap();
    const second = await bootstrap();
    expect(second.createdDefaultTenant).toBe(false);
    expect(second.admin).toBeUndefined();
    const main = await db.tenant.findUnique({ where: { id: "main" } });
    expect(main?.name).toBe("Default tenant");
    const roles = await db.role.findMany({ where: { tenantId: "main", managed: true }, select: { name: true } });
    expect(roles.map((r) => r.name).sort()).toEqual([...MANAGED_ROLE_NAMES].sort());
    expect(await db.user.count({ where: { superadmin: true } })).toBeGreaterThanOrEqual(1);
  });

  it("prints a generated administrator password once, and stores only its hash", { timeout: 120_000 }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-first-start-"));
    const file = path.join(dir, "first.db");
    const env = {
      ...process.env,
      DATABASE_URL: `file:${file}`,
      ADMIN_USERNAME: "",
      ADMIN_PASSWORD: "",
    };
    execFileSync(process.execPath, ["scripts/db-migrate.mjs", "deploy"], { env });
    const first = execFileSync(process.execPath, ["bin/tenantflow.mjs", "bootstrap"], { env }).toString();
    const password = /password: (\S+)/.exec(first)?.[1];
    expect(first).toContain("username: admin");
    expect(password).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const second = execFileSync(process.execPath, ["bin/tenantflow.mjs", "bootstrap"], { env }).toString();
    expect(second).not.toContain("password");
    const sqlite = new Database(file, { readonly: true });
    const rows = sqlite.prepare("SELECT username, passwordHash, superadmin FROM User").all() as {
      username: string;
      passwordHash: string;
      superadmin: number;
    }[];
    sqlite.close();
    expect(rows).toHaveLength(1);
    expect(rows[0].superadmin).toBe(1);
    expect(rows[0].passwordHash).not.toContain(password!);
    expect(bcrypt.compareSync(password!, rows[0].passwordHash)).toBe(true);
  });
});

describe("data model", () => {
  it("enforces (tenant, namespace, flow id) uniqueness in the database, per tenant", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    const flow = (tenantId: string) => ({
      tenantId,
      namespace: "company.team",
      flowId: "hello",
      revision: 1,
      source: "id: hello",
      parsed: "{}",
    });
    await db.flow.create({ data: flow(a.id) });
    await db.flow.create({ data: flow(b.id) });
    await expect(db.flow.create({ data: flow(a.id) })).rejects.toMatchObject({ code: "P2002" });
    expect(await db.flow.count({ where: { flowId: "hello", tenantId: { in: [a.id, b.id] } } })).toBe(2);
  });

  it("writes the audit entry in the mutation's transaction: a failed mutation leaves neither", async () => {
    const t = await makeTenant();
    const name = uniq("grp");
    await expect(
      db.$transaction(async (tx) => {
        await tx.group.create({ data: { tenantId: t.id, name } });
        await audit(tx, cliActor(), t.id, { action: "CREATE", resourceType: "GROUP", resourceId: name });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.group.count({ where: { tenantId: t.id, name } })).toBe(0);
    expect(await db.auditLog.count({ where: { tenantId: t.id, resourceId: name } })).toBe(0);
  });

  it("records instance actions in the instance audit log without secrets", async () => {
    const u = await makeUser();
    const entry = await db.instanceAuditLog.findFirst({ where: { resourceId: u.username, action: "CREATE" } });
    expect(entry?.actorName).toBe("cli");
    expect(entry?.after).not.toContain(PASSWORD);
    expect(entry?.after).not.toContain("$2");
  });
});

describe("sign-in", () => {
  it("accepts the right password and answers the same for a wrong password and an unknown user", async () => {
    const u = await makeUser();
    expect(await checkCredentials(u.username, PASSWORD)).toMatchObject({ id: u.id });
    expect(await checkCredentials(u.username, "wrong-password")).toBeNull();
    expect(await checkCredentials("nobody-" + u.username, PASSWORD)).toBeNull();
  });

  it("stores a password hash, never the password", async () => {
    const u = await makeUser();
    const row = await db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.passwordHash).not.toContain(PASSWORD);
    expect(row.passwordHash).toMatch(/^\$2[aby]\$/);
  });
});

describe("GET /api/v1/me", () => {
  it("answers 401 JSON without credentials", async () => {
    const r = await call(me, request("GET", "/api/v1/me"));
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: { code: "UNAUTHORIZED", message: "Authentication required", details: [] } });
  });

  it("answers who the caller is and the tenants they can access, by token and by session", async () => {
    const u = await makeUser();
    const t1 = await makeTenant(u);
    await makeTenant(); // not theirs
    const byToken = await call(me, request("GET", "/api/v1/me", { token: await tokenOf(u) }));
    expect(byToken.status).toBe(200);
    expect(byToken.json).toEqual({
      username: u.username,
      displayName: u.displayName,
      superadmin: false,
      tenants: [{ id: t1.id, name: t1.name }],
    });
    const bySession = await call(me, request("GET", "/api/v1/me", { cookie: await sessionCookie(u) }));
    expect(bySession.json).toEqual(byToken.json);
  });

  it("refuses unknown, malformed, expired and revoked tokens with 401", async () => {
    const u = await makeUser();
    const expired = await createToken(cliActor(), u.id, { name: "old", expiresIn: "1s" });
    await db.apiToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const revoked = await createToken(cliActor(), u.id, { name: "gone" });
    await revokeToken(cliActor(), revoked.id);
    for (const auth of [`Bearer tf_${"x".repeat(43)}`, "Bearer", "Basic abc", `Bearer ${expired.token}`, `Bearer ${revoked.token}`]) {
      const r = await call(me, request("GET", "/api/v1/me", { headers: { authorization: auth } }));
      expect(r.status, auth).toBe(401);
    }
    // a token that expires later still works, and stops a second after its expiry
    const later = await createToken(cliActor(), u.id, { name: "later", expiresIn: "1h" });
    expect((await call(me, request("GET", "/api/v1/me", { token: later.token }))).status).toBe(200);
    await db.apiToken.update({ where: { id: later.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call(me, request("GET", "/api/v1/me", { token: later.token }))).status).toBe(401);
  });

  it("stores tokens hashed", async () => {
    const u = await makeUser();
    const t = await createToken(cliActor(), u.id, { name: "ci" });
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: t.id } });
    expect(row.tokenHash).not.toContain(t.token);
    expect(JSON.stringify(row)).not.toContain(t.token);
  });
});
