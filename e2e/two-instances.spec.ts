import { execFileSync } from "node:child_process";
import { E2E_DATABASE_URL, E2E_ENV, PORT } from "./support/env";
import { startServer } from "./support/second-server";
import { expect, loginPage, seed, test } from "./fixtures";

// SPEC §8: several app instances on one PostgreSQL database. What one instance changes, the other
// enforces on the very next request: nothing that decides access is cached in a process.
// (The sign-in throttle across instances is in hardening.spec.ts, which runs in this pass too.)

function cliToken(username: string) {
  const out = execFileSync(process.execPath, ["bin/tenantflow.mjs", "tokens", "create", username, "--name", "two-instances"], {
    env: { ...process.env, ...E2E_ENV },
  });
  return out.toString().trim().split("\n").pop()!;
}

const flow = (id: string) => `id: ${id}\nnamespace: company\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`;

test.describe("two app instances on one PostgreSQL database", () => {
  test.skip(!/^postgres(ql)?:\/\//.test(E2E_DATABASE_URL), "PostgreSQL pass only");
  let other: Awaited<ReturnType<typeof startServer>>;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    other = await startServer(PORT + 4, {});
  });
  test.afterAll(async () => {
    await other?.stop();
  });

  test("a token revoked on instance A is refused by instance B at once", async ({ page, request, baseURL }) => {
    const { users } = seed({ users: { rev: {} } });
    await loginPage(page, users.rev);
    await page.goto("/ui/account/tokens");
    const form = page.getByRole("form", { name: "Create token" });
    await form.getByLabel("Name").fill("shared");
    await form.getByRole("button", { name: "Create token" }).click();
    const token = await page.getByTestId("new-token").getByLabel("Your new API token").inputValue();
    const onB = () => request.get(`${other.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await onB()).status()).toBe(200);
    expect(baseURL).not.toBe(other.url);

    // revoked in the browser on A
    await page.getByTestId("new-token").getByRole("button", { name: "Done" }).click();
    await page.locator('[data-token-row="shared"]').getByRole("button", { name: "Revoke token shared" }).click();
    await page.getByRole("dialog", { name: "Revoke token “shared”?" }).getByRole("button", { name: "Revoke token" }).click();
    await expect(page.locator('[data-token-row="shared"]')).toContainText("Revoked");
    const refused = await onB();
    expect(refused.status()).toBe(401);
    expect((await refused.json()).error.code).toBe("UNAUTHORIZED");
  });

  test("a role change and a removed binding on instance A hold on instance B at once", async ({ request, baseURL }) => {
    const { users, tenants } = seed({
      users: { boss: {}, dev: {} },
      tenants: { t: { admin: "boss", access: ["dev"] } },
      bindings: [{ tenant: "t", user: "dev", role: "Viewer" }],
    });
    const t = tenants.t.id;
    const boss = { authorization: `Bearer ${cliToken(users.boss.username)}` };
    const dev = { authorization: `Bearer ${cliToken(users.dev.username)}` };
    const json = { "content-type": "application/json" };
    // Playwright's request context, not fetch: it does not reuse a keep-alive socket the server closed
    const onA = (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
      request.fetch(`${baseURL}/api/v1/${t}${path}`, { method: init.method ?? "GET", headers: { ...boss, ...init.headers }, data: init.body });
    const createOnB = (id: string) =>
      request.fetch(`${other.url}/api/v1/${t}/flows`, { method: "POST", headers: { ...dev, "content-type": "application/x-yaml" }, data: flow(id) });

    // a Viewer may not create: 403 on B
    expect((await createOnB("f0")).status()).toBe(403);

    // A: a custom role that may create flows, bound to the developer; B lets them create at once
    const role = await onA("/roles", { method: "POST", headers: json, body: JSON.stringify({ name: "Publisher", permissions: { FLOW: ["READ", "CREATE"] } }) });
    expect(role.status()).toBe(201);
    const roleId = (await role.json()).id;
    const binding = await onA("/bindings", { method: "POST", headers: json, body: JSON.stringify({ user: users.dev.username, role: "Publisher" }) });
    expect(binding.status()).toBe(201);
    const bindingId = (await binding.json()).id;
    expect((await createOnB("f1")).status()).toBe(201);

    // A: the role loses CREATE; B refuses at once, naming the missing permission
    const edited = await onA(`/roles/${roleId}`, {
      method: "PUT",
      headers: { ...json, "if-match": (await onA(`/roles/${roleId}`)).headers()["etag"] },
      body: JSON.stringify({ permissions: { FLOW: ["READ"] } }),
    });
    expect(edited.status()).toBe(200);
    const refused = await createOnB("f2");
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.message).toContain("FLOW:CREATE");

    // A: both bindings removed; B no longer lets the developer read the flow (404, as for a missing one)
    const readOnB = () => request.get(`${other.url}/api/v1/${t}/flows/company/f1`, { headers: dev });
    expect((await readOnB()).status()).toBe(200);
    const list = await (await onA(`/bindings?user=${encodeURIComponent(users.dev.username)}`)).json();
    for (const b of list.results) expect((await onA(`/bindings/${b.id}`, { method: "DELETE" })).status()).toBe(200);
    expect(list.results.map((b: { id: string }) => b.id)).toContain(bindingId);
    expect((await readOnB()).status()).toBe(404);
  });

  test("a user disabled and a tenant deleted on instance A are refused by instance B at once", async ({ request, baseURL }) => {
    // three tokens through the CLI, a process each
    test.setTimeout(120_000);
    const { users, tenants } = seed({
      users: { root: { superadmin: true }, dev: {}, ops: {} },
      tenants: { t: { admin: "root", access: ["dev", "ops"] } },
      bindings: [
        { tenant: "t", user: "dev", role: "Viewer" },
        { tenant: "t", user: "ops", role: "Viewer" },
      ],
    });
    const t = tenants.t.id;
    const root = { authorization: `Bearer ${cliToken(users.root.username)}` };
    const dev = { authorization: `Bearer ${cliToken(users.dev.username)}` };
    const ops = { authorization: `Bearer ${cliToken(users.ops.username)}` };
    const searchOnB = (headers: Record<string, string>) => request.get(`${other.url}/api/v1/${t}/flows/search`, { headers });
    expect((await searchOnB(dev)).status()).toBe(200);
    expect((await searchOnB(ops)).status()).toBe(200);

    // A: the developer is disabled; B refuses their token at once, as an unauthenticated request
    const disabled = await request.post(`${baseURL}/api/v1/admin/users/${users.dev.username}/disable`, { headers: root });
    expect(disabled.status()).toBe(200);
    const refused = await searchOnB(dev);
    expect(refused.status()).toBe(401);
    expect((await refused.json()).error.code).toBe("UNAUTHORIZED");
    expect((await searchOnB(ops)).status()).toBe(200);

    // A: the tenant is deleted; B answers 404 at once, as for a tenant that never existed
    expect((await request.delete(`${baseURL}/api/v1/tenants/${t}`, { headers: root })).status()).toBe(200);
    const gone = await searchOnB(ops);
    expect(gone.status()).toBe(404);
    expect((await gone.json()).error.code).toBe("NOT_FOUND");
  });
});
