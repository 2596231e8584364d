import { expect, login, loginPage, seed, test } from "./fixtures";

// The instance pages' part of session revocation and of the last-Admin recovery, in the browser.

test.describe("instance administration of users and tenant Admins", () => {
  test("a superadmin disables a user: the user's saved session stops working at once", async ({ page, playwright, baseURL }) => {
    const { users } = seed({ users: { root: { superadmin: true }, gone: {} } });
    const other = await playwright.request.newContext({ baseURL });
    await login(other, users.gone);
    expect((await other.get("/api/v1/me")).status()).toBe(200);

    await loginPage(page, users.root);
    // the list is paged over every user of the instance: find the one by name
    await page.goto(`/ui/admin/users?q=${encodeURIComponent(users.gone.username)}`);
    await page.getByRole("switch", { name: `Disabled: ${users.gone.username}` }).click();
    await expect(page.getByText(`${users.gone.username} is disabled: their sessions and API tokens have ended.`)).toBeVisible();
    expect((await other.get("/api/v1/me")).status()).toBe(401);
    await other.dispose();
  });

  test("a superadmin gives a tenant without an Admin a new one from the tenants page", async ({ page, playwright, baseURL }) => {
    const { users, tenants } = seed({ users: { root: { superadmin: true }, heir: {} }, tenants: { orphan: {} } });
    await loginPage(page, users.root);
    await page.goto("/ui/admin/tenants");
    await page.getByRole("button", { name: `Add Admin to ${tenants.orphan.id}` }).click();
    const dialog = page.getByRole("dialog", { name: `Add an Admin to ${tenants.orphan.id}` });
    await dialog.getByLabel("Username").fill(users.heir.username);
    await dialog.getByRole("button", { name: "Add Admin" }).click();
    await expect(page.getByText(`${users.heir.username} is now an Admin of ${tenants.orphan.id}.`)).toBeVisible();

    const heir = await playwright.request.newContext({ baseURL });
    await login(heir, users.heir);
    expect((await heir.get(`/api/v1/${tenants.orphan.id}/bindings`)).status()).toBe(200);
    await heir.dispose();
  });
});
