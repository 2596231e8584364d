import crypto from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { baseURL } from "./support/env";
import { expect, login, loginPage, seed, test } from "./fixtures";

const unique = (prefix: string) => `${prefix}-${crypto.randomBytes(3).toString("hex")}`;
const tenantIdsOf = async (api: APIRequestContext) =>
  ((await (await api.get("/api/v1/me")).json()).tenants as { id: string }[]).map((t) => t.id);
const userRow = (page: Page, username: string) => page.locator(`[data-user-row="${username}"]`);

test.describe("instance users", () => {
  test("a superadmin creates a user and grants TENANT:CREATE, which opens tenant administration to them", async ({ page, playwright }) => {
    const { users } = seed({ users: { root: { superadmin: true } } });
    await loginPage(page, users.root);
    await page.goto("/ui/admin/users");
    const username = `${unique("newbie")}@example.com`;
    const password = "a-long-enough-password";

    await page.getByRole("button", { name: "Create user" }).click();
    const dialog = page.getByRole("dialog", { name: "Create user" });
    await dialog.getByLabel("Username").fill(username);
    await dialog.getByLabel("Display name").fill("New Bie");
    await dialog.getByLabel("Password").fill("short");
    await expect(dialog.getByLabel("Password")).toHaveAccessibleDescription("password must be at least 8 characters");
    await dialog.getByLabel("Password").fill(password);
    await dialog.getByRole("button", { name: "Create user" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("notice")).toContainText(`User ${username} created`);
    const row = userRow(page, username);
    await expect(row).toContainText("New Bie");
    // the password is shown nowhere
    await expect(page.locator("body")).not.toContainText(password);

    const other = await playwright.request.newContext({ baseURL });
    await login(other, { username, password });
    expect((await other.get("/ui/admin/tenants", { maxRedirects: 0 })).status()).toBe(404);

    const canCreate = row.getByRole("switch", { name: `TENANT:CREATE: ${username}` });
    await expect(canCreate).toHaveAttribute("aria-checked", "false");
    await canCreate.click();
    await expect(canCreate).toHaveAttribute("aria-checked", "true");
    await expect(page.getByTestId("notice")).toContainText(`${username} is now allowed to create tenants`);
    expect((await other.get("/ui/admin/tenants")).status()).toBe(200);

    const superadmin = row.getByRole("switch", { name: `Superadmin: ${username}` });
    await superadmin.click();
    await expect(superadmin).toHaveAttribute("aria-checked", "true");
    expect((await (await other.get("/api/v1/me")).json()).superadmin).toBe(true);
    await superadmin.click();
    await expect(superadmin).toHaveAttribute("aria-checked", "false");
    expect((await (await other.get("/api/v1/me")).json()).superadmin).toBe(false);
    await other.dispose();
  });

  test("a duplicate username is shown at the username field", async ({ page }) => {
    const { users } = seed({ users: { root: { superadmin: true }, taken: {} } });
    await loginPage(page, users.root);
    await page.goto("/ui/admin/users");
    await page.getByRole("button", { name: "Create user" }).click();
    const dialog = page.getByRole("dialog", { name: "Create user" });
    await dialog.getByLabel("Username").fill("not a username!");
    await expect(dialog.getByLabel("Username")).toHaveAccessibleDescription("username may contain letters, digits and . _ @ + - only");
    await dialog.getByLabel("Username").fill(users.taken.username);
    await dialog.getByLabel("Password").fill("another-password");
    await dialog.getByRole("button", { name: "Create user" }).click();
    await expect(dialog.getByLabel("Username")).toHaveAccessibleDescription(`User ${users.taken.username} already exists`);
  });

  test("a user who is not a superadmin gets the not-found page, even with TENANT:CREATE", async ({ page }) => {
    const { users } = seed({ users: { creator: { canCreateTenant: true } } });
    await loginPage(page, users.creator);
    const res = await page.goto("/ui/admin/users");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });
});

test.describe("tenant users", () => {
  test("granting and revoking access changes what the user's /api/v1/me returns", async ({ page, playwright }) => {
    const { users, tenants } = seed({
      users: { boss: {}, gus: {} },
      tenants: { t: { admin: "boss" } },
      bindings: [{ tenant: "t", user: "gus", role: "Viewer", namespace: "company.team" }],
    });
    const gus = await playwright.request.newContext({ baseURL });
    await login(gus, users.gus);
    expect(await tenantIdsOf(gus)).not.toContain(tenants.t.id);

    await loginPage(page, users.boss);
    await page.goto(`/ui/${tenants.t.id}/admin/users`);
    await expect(userRow(page, users.boss.username)).toContainText("Admin");
    await expect(userRow(page, users.boss.username)).toContainText("tenant-wide");
    await expect(userRow(page, users.gus.username)).toHaveCount(0);

    // an unknown user is reported at the field
    const grant = page.getByRole("form", { name: "Grant access" });
    await grant.getByLabel("Username").fill("nobody-at-all@example.com");
    await grant.getByRole("button", { name: "Grant access" }).click();
    await expect(grant.getByLabel("Username")).toHaveAccessibleDescription("User nobody-at-all@example.com not found");

    await grant.getByLabel("Username").fill(users.gus.username);
    await grant.getByRole("button", { name: "Grant access" }).click();
    await expect(page.getByTestId("notice")).toContainText(`${users.gus.username} now has access`);
    const row = userRow(page, users.gus.username);
    await expect(row).toContainText("Viewer");
    await expect(row).toContainText("company.team");
    expect(await tenantIdsOf(gus)).toContain(tenants.t.id);

    await row.getByRole("button", { name: `Revoke access of ${users.gus.username}` }).click();
    const confirm = page.getByRole("dialog", { name: `Revoke access of ${users.gus.username}?` });
    await expect(confirm).toHaveAttribute("aria-modal", "true");
    await confirm.getByRole("button", { name: "Revoke access" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByTestId("notice")).toContainText(`${users.gus.username} no longer has access`);
    await expect(row).toHaveCount(0);
    expect(await tenantIdsOf(gus)).not.toContain(tenants.t.id);
    await gus.dispose();
  });

  test("a user without USER permissions sees no controls, and the server refuses them anyway", async ({ page }) => {
    const { users, tenants } = seed({
      users: { boss: {}, viewer: {}, gus: {} },
      tenants: { t: { admin: "boss", access: ["viewer"] } },
      bindings: [{ tenant: "t", user: "viewer", role: "Viewer" }],
    });
    await loginPage(page, users.viewer);
    await page.goto(`/ui/${tenants.t.id}/admin/users`);
    await expect(page.getByText("You cannot see this tenant's users")).toBeVisible();
    await expect(page.getByRole("button", { name: "Grant access" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Revoke access/ })).toHaveCount(0);
    const res = await page.request.put(`/api/v1/${tenants.t.id}/users/${encodeURIComponent(users.gus.username)}`);
    expect(res.status()).toBe(403);
  });
});
