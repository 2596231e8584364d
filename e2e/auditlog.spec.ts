import { expect, login, seed, test } from "./fixtures";

test.describe("audit log", () => {
  test("an admin edits a flow and finds the change, with its diff, at the top of the audit log", async ({ page }) => {
    const { users, tenants } = seed({
      users: { boss: {} },
      tenants: { t: { admin: "boss" } },
      flows: [{ tenant: "t", namespace: "company.team", id: "audited-flow" }],
    });
    const t = tenants.t.id;
    await login(page.request, users.boss);
    await page.goto(`/ui/${t}/flows/company.team/audited-flow?tab=editor`);
    await page.locator(".cm-line", { hasText: "message: hi" }).first().click();
    await page.keyboard.press("End");
    await page.keyboard.type(" edited in the browser");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("save-notice")).toHaveText("Saved revision 2");

    await page.goto(`/ui/${t}/admin/auditlogs`);
    const top = page.getByTestId("audit-row").first();
    await expect(top).toContainText("UPDATE");
    await expect(top).toContainText("FLOW");
    await expect(top).toContainText("company.team.audited-flow");
    await expect(top).toContainText(users.boss.username);
    await expect(top).toContainText("via browser");
    await top.getByText("Show change").click();
    const diff = top.getByTestId("audit-diff");
    await expect(diff.locator("div").filter({ hasText: /^Before/ })).toContainText("message: hi\\n");
    await expect(diff.locator("div").filter({ hasText: /^After/ })).toContainText("message: hi edited in the browser");

    // the filters narrow it and live in the URL
    await page.getByLabel("Resource type").selectOption("FLOW");
    await page.getByLabel("Action").selectOption("UPDATE");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/resourceType=FLOW/);
    await expect(page.getByTestId("audit-row")).toHaveCount(1);
    await expect(page.getByTestId("audit-row").first()).toContainText("company.team.audited-flow");
  });

  test("the instance log is for superadmins only", async ({ page }) => {
    const { users } = seed({ users: { plain: {}, root: { superadmin: true } } });
    await login(page.request, users.plain);
    await page.goto("/ui/admin/auditlogs");
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await page.context().clearCookies();
    await login(page.request, users.root);
    await page.goto("/ui/admin/auditlogs");
    await expect(page.getByRole("heading", { name: "Instance audit log" })).toBeVisible();
    await expect(page.getByTestId("audit-table")).toContainText(users.plain.username);
  });
});
