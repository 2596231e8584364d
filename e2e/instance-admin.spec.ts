import type { Page, PlaywrightWorkerArgs } from "@playwright/test";
import { OUTPUT_DIR, baseURL } from "./support/env";
import { expect, login, loginPage, test } from "./fixtures";

// Instance administration: re-using a deleted tenant's id offers to restore it; the tenant dropdown
// on instance pages shows the tenant the sidebar's Flows opens; instance users are searched, have
// a page of their own, and a superadmin resets their password, ends their sessions, disables them.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

/** Screenshots at desktop and phone width; at phone width the page must not scroll sideways. */
async function shoot(page: Page, name: string) {
  for (const [label, size] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${OUTPUT_DIR}/${name}-${label}.png`, fullPage: true });
    if (label === "phone") {
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at phone width`).toBeLessThanOrEqual(PHONE.width);
    }
  }
  await page.setViewportSize(DESKTOP);
}

async function signedIn(playwright: PlaywrightWorkerArgs["playwright"], user: { username: string; password: string }) {
  const ctx = await playwright.request.newContext({ baseURL });
  await login(ctx, user);
  return ctx;
}

test.describe("a deleted tenant's id", () => {
  test("creating a tenant with it offers a superadmin to restore the deleted tenant", async ({ page, seed }) => {
    const { users, tenants, tokens } = seed({
      users: { root: { superadmin: true } },
      tenants: { old: { admin: "root", name: "Old tenant" } },
      tokens: [{ user: "root", name: "root-token" }],
    });
    const id = tenants.old.id;
    const auth = { authorization: `Bearer ${tokens["root-token"]}` };
    expect((await page.request.delete(`/api/v1/tenants/${id}`, { headers: auth })).status()).toBe(200);
    await loginPage(page, users.root);
    await page.goto("/ui/admin/tenants");

    await page.getByRole("button", { name: "Create tenant" }).click();
    const dialog = page.getByRole("dialog", { name: "Create tenant" });
    await dialog.getByLabel("ID").fill(id);
    await dialog.getByLabel("Name").fill("A new one");
    await dialog.getByRole("button", { name: "Create tenant" }).click();
    const offer = dialog.getByTestId("deleted-tenant-notice");
    await expect(offer).toContainText("A deleted tenant has this id: Restore it?");
    await shoot(page, "tenant-id-deleted");

    await offer.getByRole("button", { name: `Restore ${id}` }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("notice")).toContainText(`Tenant ${id} restored, with its data.`);
    const row = page.locator(`[data-tenant-row="${id}"]`);
    // restored as it was: its own name, not the one typed in the form
    await expect(row).toContainText("Old tenant");
    await expect(row.getByRole("button", { name: `Restore ${id}` })).toHaveCount(0);
    const tenant = await (await page.request.get(`/api/v1/tenants/${id}`, { headers: auth })).json();
    expect(tenant).toMatchObject({ id, name: "Old tenant", deleted: false });
    const log = await (await page.request.get(`/api/v1/admin/auditlogs?action=RESTORE&resourceType=TENANT&actor=${encodeURIComponent(users.root.username)}`, { headers: auth })).json();
    expect(log.results.map((e: { resourceId: string }) => e.resourceId)).toContain(id);
  });

  test("a TENANT:CREATE holder is told only that the id is taken", async ({ page, seed }) => {
    const { users, tenants, tokens } = seed({
      users: { root: { superadmin: true }, creator: { canCreateTenant: true } },
      tenants: { old: { admin: "root" } },
      tokens: [{ user: "root", name: "root-token" }],
    });
    const id = tenants.old.id;
    expect((await page.request.delete(`/api/v1/tenants/${id}`, { headers: { authorization: `Bearer ${tokens["root-token"]}` } })).status()).toBe(200);
    await loginPage(page, users.creator);
    await page.goto("/ui/admin/tenants");
    await page.getByRole("button", { name: "Create tenant" }).click();
    const dialog = page.getByRole("dialog", { name: "Create tenant" });
    await dialog.getByLabel("ID").fill(id);
    await dialog.getByLabel("Name").fill("Mine");
    await dialog.getByRole("button", { name: "Create tenant" }).click();
    await expect(dialog.getByLabel("ID")).toHaveAccessibleDescription(`A tenant with id "${id}" already exists`);
    await expect(dialog.getByTestId("deleted-tenant-notice")).toHaveCount(0);
  });
});

test.describe("the tenant dropdown on instance pages", () => {
  test("shows the tenant the sidebar's Flows opens, the last one used, and opens the one chosen", async ({ page, seed }) => {
    const { users, tenants } = seed({
      users: { root: { superadmin: true } },
      tenants: { first: { admin: "root", name: "First tenant" }, second: { admin: "root", name: "Second tenant" } },
    });
    await loginPage(page, users.root);
    const switcher = page.getByTestId("tenant-switcher");
    const flowsLink = page.getByRole("navigation").getByRole("link", { name: "Flows", exact: true }).first();

    for (const t of [tenants.second, tenants.first]) {
      await page.goto(`/ui/${t.id}/flows`);
      await expect(switcher).toContainText(t.name);
      // the tenant in view is remembered (a cookie) for the pages outside any tenant
      await expect.poll(async () => (await page.context().cookies()).find((c) => c.name === "tenantflow-tenant")?.value).toBe(t.id);
      await page.goto("/ui/admin/users");
      await expect(switcher).toContainText(t.name);
      await expect(switcher).not.toContainText("Choose a tenant");
      await expect(flowsLink).toHaveAttribute("href", `/ui/${t.id}/flows`);
    }
    await shoot(page, "instance-dropdown");

    await switcher.click();
    const listbox = page.getByRole("listbox", { name: "Tenants" });
    await expect(listbox.locator(`[data-tenant="${tenants.first.id}"]`)).toHaveAttribute("aria-selected", "true");
    // the tenant shown opens too: on an instance page nothing is "current" yet
    await listbox.locator(`[data-tenant="${tenants.first.id}"]`).click();
    await expect(page).toHaveURL(new RegExp(`/ui/${tenants.first.id}/flows$`));
    await page.goto("/ui/admin/users");
    await switcher.click();
    await listbox.locator(`[data-tenant="${tenants.second.id}"]`).click();
    await expect(page).toHaveURL(new RegExp(`/ui/${tenants.second.id}/flows$`));
  });
});

test.describe("instance users", () => {
  test("are searched by name or e-mail in pages, and each has a page with their tenants, roles, tokens and sign-ins", async ({ page, seed, playwright }) => {
    const { users, tenants } = seed({
      users: { root: { superadmin: true }, alice: { displayName: "Alice Liddell" }, bob: {}, carol: {} },
      tenants: { work: { admin: "root", name: "Work", access: ["alice"] } },
      bindings: [{ tenant: "work", user: "alice", role: "Viewer", namespace: "company.team" }],
      tokens: [{ user: "alice", name: "alice-token" }],
    });
    const suffix = users.alice.username.replace(/^alice-/, "").replace(/@example\.com$/, "");
    await (await signedIn(playwright, users.alice)).dispose();
    await loginPage(page, users.root);

    // by a part of the e-mail address, 2 a page: 4 users, 2 pages
    await page.goto(`/ui/admin/users?size=2`);
    await page.getByRole("searchbox", { name: "Search users" }).fill(suffix);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`q=${suffix}`));
    const rows = page.getByTestId("instance-users-table").locator("[data-user-row]");
    await expect(rows).toHaveCount(2);
    await expect(page.getByRole("navigation", { name: "Pages" })).toContainText("4 entries · page 1 of 2");
    await page.getByRole("link", { name: "Next" }).click();
    await expect(page.getByRole("navigation", { name: "Pages" })).toContainText("page 2 of 2");
    await expect(rows).toHaveCount(2);
    await shoot(page, "instance-users-search");

    // by the display name, ignoring case
    await page.goto(`/ui/admin/users?q=${encodeURIComponent("alice LIDDELL")}`);
    await expect(rows).toHaveCount(1);
    await expect(page.locator(`[data-user-row="${users.alice.username}"]`)).toContainText("Alice Liddell");
    await page.goto(`/ui/admin/users?q=no-such-user-${suffix}`);
    await expect(page.getByText(`No user matches “no-such-user-${suffix}”`)).toBeVisible();

    await page.goto(`/ui/admin/users?q=${encodeURIComponent(users.alice.username)}`);
    await page.getByRole("link", { name: users.alice.username }).click();
    await expect(page.getByRole("heading", { level: 1, name: users.alice.username })).toBeVisible();
    const facts = page.getByTestId("user-facts");
    await expect(facts).toContainText(/Last sign-in\s*\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    await expect(facts).toContainText("1 active");
    const tenantRow = page.locator(`[data-tenant-row="${tenants.work.id}"]`);
    await expect(tenantRow).toContainText("Work");
    await expect(tenantRow).toContainText("Viewer on company.team");
    await shoot(page, "instance-user-page");
  });

  test("a superadmin resets a password (shown once), which ends the user's sessions", async ({ page, seed, playwright }) => {
    const { users } = seed({ users: { root: { superadmin: true }, dave: {} } });
    const dave = await signedIn(playwright, users.dave);
    await loginPage(page, users.root);
    await page.goto(`/ui/admin/users/${encodeURIComponent(users.dave.username)}`);

    await page.getByRole("button", { name: "Reset password" }).click();
    const confirm = page.getByRole("dialog", { name: `Reset the password of ${users.dave.username}?` });
    await confirm.getByRole("button", { name: "Reset password" }).click();
    await expect(confirm).toBeHidden();
    const shown = page.getByTestId("new-password");
    await expect(shown).toContainText("this is the only time Tenantflow shows it");
    const password = await shown.getByLabel("New password").inputValue();
    expect(password.length).toBeGreaterThanOrEqual(16);
    await expect(page.getByTestId("user-facts")).toContainText(/Sessions\s*none since/);
    await shoot(page, "instance-user-reset");

    // the old session ends on its next request; the old password no longer signs in, the new one does
    expect((await dave.get("/api/v1/me")).status()).toBe(401);
    await dave.dispose();
    const fresh = await signedIn(playwright, { username: users.dave.username, password });
    expect((await fresh.get("/api/v1/me")).status()).toBe(200);
    await fresh.dispose();

    // shown once: gone after Done, and not on the page once reloaded
    await shown.getByRole("button", { name: "Done" }).click();
    await expect(shown).toHaveCount(0);
    await page.reload();
    await expect(page.locator("body")).not.toContainText(password);
  });

  test("a superadmin disables and enables a user from their page, but not themselves", async ({ page, seed, playwright }) => {
    const { users } = seed({ users: { root: { superadmin: true }, erin: {} } });
    const erin = await signedIn(playwright, users.erin);
    await loginPage(page, users.root);

    await page.goto(`/ui/admin/users/${encodeURIComponent(users.root.username)}`);
    await expect(page.getByRole("button", { name: "Disable user" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Reset password" })).toBeDisabled();

    await page.goto(`/ui/admin/users/${encodeURIComponent(users.erin.username)}`);
    await page.getByRole("button", { name: "Disable user" }).click();
    await page.getByRole("dialog", { name: `Disable ${users.erin.username}?` }).getByRole("button", { name: "Disable user" }).click();
    await expect(page.getByTestId("notice")).toContainText(`${users.erin.username} is disabled`);
    await expect(page.getByRole("heading", { level: 1 }).locator("..")).toContainText("disabled");
    // refused on the very next request
    expect((await erin.get("/api/v1/me")).status()).toBe(401);

    await page.getByRole("button", { name: "Enable user" }).click();
    await expect(page.getByTestId("notice")).toContainText(`${users.erin.username} is enabled again`);
    await expect(page.getByRole("button", { name: "Disable user" })).toBeVisible();
    await erin.dispose();
    const again = await signedIn(playwright, users.erin);
    expect((await again.get("/api/v1/me")).status()).toBe(200);
    await again.dispose();
  });

  test("the user page and the users API are refused to everyone but a superadmin", async ({ page, seed, playwright }) => {
    const { users, tokens } = seed({
      users: { root: { superadmin: true }, creator: { canCreateTenant: true } },
      tokens: [{ user: "creator", name: "creator-token" }],
    });
    await loginPage(page, users.creator);
    const res = await page.goto(`/ui/admin/users/${encodeURIComponent(users.root.username)}`);
    expect(res?.status()).toBe(404);
    await expect(page.locator("body")).not.toContainText(users.root.displayName);
    const auth = { authorization: `Bearer ${tokens["creator-token"]}` };
    expect((await page.request.get(`/api/v1/admin/users?q=root`, { headers: auth })).status()).toBe(403);
    expect((await page.request.get(`/api/v1/admin/users/${encodeURIComponent(users.root.username)}`, { headers: auth })).status()).toBe(403);
    expect((await page.request.post(`/api/v1/admin/users/${encodeURIComponent(users.root.username)}/password`, { headers: auth, data: {} })).status()).toBe(403);
    expect((await page.request.delete(`/api/v1/admin/users/${encodeURIComponent(users.root.username)}/sessions`, { headers: auth })).status()).toBe(403);
    // nothing changed: root still signs in with the same password
    await (await signedIn(playwright, users.root)).dispose();
  });
});
