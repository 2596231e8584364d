import { expect, loginPage, test } from "./fixtures";

test.describe("API tokens", () => {
  test("a token created in the browser opens the API until it is revoked", async ({ page, request, seed }) => {
    const { users } = seed({ users: { tia: {} } });
    await loginPage(page, users.tia);
    await page.goto("/ui/account/tokens");
    await expect(page.getByText("No API tokens yet")).toBeVisible();

    const form = page.getByRole("form", { name: "Create token" });
    await form.getByLabel("Name").fill("CI deploys");
    await form.getByLabel("Expires in").fill("30d");
    await form.getByRole("button", { name: "Create token" }).click();

    const box = page.getByTestId("new-token");
    await expect(box).toContainText("Store it now");
    const token = await box.getByLabel("Your new API token").inputValue();
    expect(token).toMatch(/^tf_/);
    const row = page.locator('[data-token-row="CI deploys"]');
    await expect(row).toContainText(token.slice(0, 10));
    await expect(row).toContainText("Active");
    const expires = await row.locator("td").nth(3).innerText();
    expect(new Date(expires.replace(" UTC", "Z").replace(" ", "T")).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const auth = { Authorization: `Bearer ${token}` };
    const me = await request.get("/api/v1/me", { headers: auth });
    expect(me.status()).toBe(200);
    expect((await me.json()).username).toBe(users.tia.username);

    // shown once: gone after "Done" and after a reload
    await box.getByRole("button", { name: "Done" }).click();
    await expect(box).toBeHidden();
    await page.reload();
    expect(await page.content()).not.toContain(token);
    await expect(row.locator("td").nth(4)).not.toHaveText("Never"); // last used

    await row.getByRole("button", { name: "Revoke token CI deploys" }).click();
    const confirm = page.getByRole("dialog", { name: "Revoke token “CI deploys”?" });
    await expect(confirm).toHaveAttribute("aria-modal", "true");
    await confirm.getByRole("button", { name: "Revoke token" }).click();
    await expect(confirm).toBeHidden();
    await expect(row).toContainText("Revoked");
    await expect(page.getByTestId("notice")).toContainText("revoked");

    const after = await request.get("/api/v1/me", { headers: auth });
    expect(after.status()).toBe(401);
  });

  test("a bad expiry is shown while typing and no token is created", async ({ page, seed }) => {
    const { users } = seed({ users: { ugo: {} } });
    await loginPage(page, users.ugo);
    await page.goto("/ui/account/tokens");
    const form = page.getByRole("form", { name: "Create token" });
    await form.getByLabel("Expires in").fill("soon");
    await expect(form.getByLabel("Expires in")).toHaveAccessibleDescription("use a duration such as 30d, 12h or P30D");
    await form.getByRole("button", { name: "Create token" }).click();
    await expect(form.getByLabel("Name")).toHaveAccessibleDescription("a token needs a name");
    await expect(page.getByTestId("new-token")).toHaveCount(0);
    await expect(page.getByText("No API tokens yet")).toBeVisible();
  });
});
