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
    // a flow's change is its YAML, side by side, revision to revision
    await top.getByText("Show change").click();
    const diff = top.getByTestId("audit-flow-diff");
    await expect(diff).toContainText("Before (revision 1)");
    await expect(diff).toContainText("After (revision 2)");
    await expect(diff.getByTestId("revision-diff")).toContainText("message: hi edited in the browser");
    await expect(diff.getByTestId("revision-diff")).toContainText("message: hi");

    // a binding says what it grants, to whom and where, not its id
    const granted = await page.request.post(`/api/v1/${t}/bindings`, { data: { user: users.boss.username, role: "Viewer", namespace: "company.team" } });
    expect(granted.status()).toBe(201);
    await page.reload();
    const binding = page.getByTestId("audit-row").filter({ hasText: "BINDING" }).first();
    await expect(binding.getByTestId("audit-binding")).toHaveText(`Viewer for user ${users.boss.username}, in namespace company.team`);
    // every action the log records can be filtered on, file moves included
    await expect(page.getByLabel("Action").locator("option")).toContainText(["Any", "CREATE", "UPDATE", "DELETE", "RESTORE", "MOVE"]);

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

    // the same filters as a tenant's log (a part of the actor's name is enough), and the CSV
    await page.getByLabel("Resource type").selectOption("USER");
    await page.getByLabel("Action").selectOption("CREATE");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/resourceType=USER/);
    await expect(page.getByTestId("audit-row").first()).toContainText(users.root.username);
    for (const row of await page.getByTestId("audit-row").all()) await expect(row).toContainText("CREATE");
    const csv = await page.request.get((await page.getByRole("link", { name: "CSV" }).getAttribute("href"))!);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("time,actor,via,action,resourceType,resourceId,namespace,before,after");
    expect(lines.slice(1).every((l) => l.includes(",CREATE,USER,"))).toBe(true);
    expect(lines.some((l) => l.includes(users.plain.username))).toBe(true);
  });
});
