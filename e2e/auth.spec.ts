import { E2E_ADMIN } from "./support/env";
import { expect, loginPage, seed, test } from "./fixtures";

test.describe("sign-in", () => {
  test("the first administrator signs in with the form and lands in the default tenant", async ({ page }) => {
    await page.goto("/ui");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fui$/);
    await page.getByLabel("Username").fill(E2E_ADMIN.username);
    await page.getByLabel("Password").fill(E2E_ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/ui\/main\/flows$/);
    await expect(page.getByRole("heading", { name: "Flows", exact: true })).toBeVisible();
    await expect(page.getByTestId("tenant-switcher")).toContainText("Default tenant");
  });

  test("a wrong password and an unknown user get the same clear message", async ({ page }) => {
    const { users } = seed({ users: { ann: {} } });
    await page.goto("/login");
    for (const [username, password] of [
      [users.ann.username, "not-the-password"],
      ["nobody@example.com", users.ann.password],
    ]) {
      await page.getByLabel("Username").fill(username);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByTestId("login-error")).toHaveText("Wrong username or password.");
      await expect(page).toHaveURL(/\/login/);
    }
  });

  test("an unauthenticated page request goes to sign-in and comes back after it", async ({ page }) => {
    const { users, tenants } = seed({ users: { bo: {} }, tenants: { acme: { admin: "bo" } } });
    await page.goto(`/ui/${tenants.acme.id}/namespaces`);
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    await page.getByLabel("Username").fill(users.bo.username);
    await page.getByLabel("Password").fill(users.bo.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(new RegExp(`/ui/${tenants.acme.id}/namespaces$`));
    await expect(page.getByRole("heading", { name: "Namespaces", exact: true })).toBeVisible();
  });

  test("signing out ends the session", async ({ page }) => {
    const { users, tenants } = seed({ users: { cy: {} }, tenants: { t: { admin: "cy" } } });
    await loginPage(page, users.cy);
    await page.goto(`/ui/${tenants.t.id}/flows`);
    await page.getByRole("button", { name: users.cy.displayName }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto(`/ui/${tenants.t.id}/flows`);
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  });

  test("an unauthenticated API request gets 401 JSON", async ({ request }) => {
    const res = await request.get("/api/v1/me");
    expect(res.status()).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "UNAUTHORIZED", message: "Authentication required", details: [] } });
  });
});
