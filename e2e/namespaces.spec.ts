import { expect, login, seed, test } from "./fixtures";

test.describe("namespaces", () => {
  test("a team member browses the tree, edits a flow of company.team, and sees revision 2 and the diff", async ({ page }) => {
    const { users, tenants } = seed({
      users: { dev: {} },
      tenants: { acme: { access: ["dev"] } },
      bindings: [{ tenant: "acme", user: "dev", role: "Developer", namespace: "company.team" }],
      flows: [
        { tenant: "acme", namespace: "company.team", id: "daily-report", description: "Sends the daily report" },
        { tenant: "acme", namespace: "company.team.etl", id: "load-orders" },
        { tenant: "acme", namespace: "finance", id: "payroll" },
      ],
    });
    const t = tenants.acme.id;
    await login(page.request, users.dev);

    await page.goto(`/ui/${t}/namespaces`);
    const tree = page.getByRole("tree", { name: "Namespaces" });
    const team = tree.getByRole("treeitem", { name: "company.team, implicit, 2 flows" });
    const etl = tree.getByRole("treeitem", { name: "company.team.etl, implicit, 1 flow" });
    await expect(team).toHaveAttribute("aria-expanded", "true");
    await expect(etl).toBeVisible();
    await expect(tree).not.toContainText("finance");
    // keyboard: collapse, expand, move down to the child
    await team.focus();
    await page.keyboard.press("ArrowLeft");
    await expect(team).toHaveAttribute("aria-expanded", "false");
    await expect(etl).toBeHidden();
    await page.keyboard.press("ArrowRight");
    await expect(etl).toBeVisible();
    await page.keyboard.press("ArrowDown");
    await expect(etl).toBeFocused();
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Enter");

    await expect(page).toHaveURL(new RegExp(`/ui/${t}/namespaces/company\\.team$`));
    await expect(page.getByRole("heading", { name: /company\.team/ })).toBeVisible();
    const table = page.getByTestId("flows-table");
    await expect(table).toContainText("daily-report");
    await expect(table).toContainText("load-orders");
    await table.getByRole("link", { name: "daily-report" }).click();

    await expect(page).toHaveURL(new RegExp(`/ui/${t}/flows/company\\.team/daily-report$`));
    await expect(page.getByTestId("flow-overview")).toContainText("Sends the daily report");
    await page.getByRole("tab", { name: "Editor" }).click();
    await page.locator(".cm-line", { hasText: "message: hi" }).click();
    await page.keyboard.press("End");
    await page.keyboard.type(" from the team");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("save-notice")).toHaveText("Saved revision 2");
    await expect(page.getByTestId("current-revision")).toHaveText("2");

    await page.getByRole("tab", { name: /Revisions/ }).click();
    await expect(page.getByRole("checkbox", { name: "Compare revision 1" })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "Compare revision 2" })).toBeChecked();
    await expect(page.getByTestId("diff-title")).toContainText("Revision 1 → revision 2");
    const diff = page.getByTestId("revision-diff");
    await expect(diff.locator(".cm-mergeViewEditor")).toHaveCount(2);
    await expect(diff.locator(".cm-changedLine").filter({ hasText: "message: hi from the team" })).toBeVisible();
    await expect(diff.locator(".cm-changedLine").filter({ hasText: /message: hi$/ })).toBeVisible();

    const api = await (await page.request.get(`/api/v1/${t}/flows/company.team/daily-report`)).json();
    expect(api.revision).toBe(2);
    expect(api.source).toContain("message: hi from the team");
  });

  test("a namespace the user has no rights on is neither in the tree nor in the flows list, and its flow is a 404", async ({ page }) => {
    const { users, tenants } = seed({
      users: { ann: {} },
      tenants: { acme: { access: ["ann"] } },
      bindings: [{ tenant: "acme", user: "ann", role: "Developer", namespace: "company.team" }],
      flows: [
        { tenant: "acme", namespace: "company.team", id: "visible-flow" },
        { tenant: "acme", namespace: "company.teamx", id: "sibling-flow" },
        { tenant: "acme", namespace: "restricted.ops", id: "hidden-flow", description: "Top secret" },
      ],
    });
    const t = tenants.acme.id;
    await login(page.request, users.ann);

    await page.goto(`/ui/${t}/namespaces`);
    const tree = page.getByRole("tree", { name: "Namespaces" });
    await expect(tree.getByRole("treeitem")).toHaveCount(1);
    await expect(tree).toContainText("company.team");
    await expect(tree).not.toContainText("restricted");
    await expect(tree).not.toContainText("teamx");

    await page.goto(`/ui/${t}/flows`);
    const table = page.getByTestId("flows-table");
    await expect(table).toContainText("visible-flow");
    await expect(table).not.toContainText("hidden-flow");
    await expect(table).not.toContainText("sibling-flow");
    await expect(page.getByTestId("flows-total")).toContainText("of 1 flow");
    await expect(page.getByRole("combobox", { name: /Namespace/ }).locator("option")).toHaveText(["All namespaces", "company.team (1)"]);

    for (const url of [`/ui/${t}/flows/restricted.ops/hidden-flow`, `/ui/${t}/namespaces/restricted.ops`, `/ui/${t}/flows/company.team/no-such-flow`]) {
      const res = await page.goto(url);
      expect(res?.status(), url).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await expect(page.locator("body")).not.toContainText("Top secret");
    }
    const search = await (await page.request.get(`/api/v1/${t}/flows/search?q=hidden`)).json();
    expect(search).toEqual({ results: [], total: 0 });
  });

  test("creating a namespace, greyed implicit ones, its page with tabs and the access list", async ({ page }) => {
    const { users, tenants } = seed({
      users: { admin: {}, viewer: {} },
      tenants: { acme: { admin: "admin", access: ["viewer"] } },
      bindings: [{ tenant: "acme", user: "viewer", role: "Viewer", namespace: "company" }],
      flows: [{ tenant: "acme", namespace: "company.team", id: "one" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.admin);
    await page.goto(`/ui/${t}/namespaces`);
    const tree = page.getByRole("tree", { name: "Namespaces" });
    await expect(tree.getByRole("treeitem", { name: "company, implicit, 1 flow" })).toBeVisible();

    const form = page.getByRole("form", { name: "Create namespace" });
    await form.getByLabel("Name").fill("Company..Bad");
    await form.getByRole("button", { name: "Create namespace" }).click();
    await expect(form.getByText(/must start with a lowercase letter/)).toBeVisible();
    await form.getByLabel("Name").fill("company");
    await form.getByLabel("Description").fill("Everything the company runs");
    await form.getByRole("button", { name: "Create namespace" }).click();
    await expect(form.getByRole("status")).toHaveText("Created company.");
    await expect(tree.getByRole("treeitem", { name: "company, 1 flow", exact: true })).toBeVisible();
    await expect(tree.getByRole("treeitem", { name: "company.team, implicit, 1 flow" })).toBeVisible();

    await tree.getByRole("link", { name: "company", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/namespaces/company$`));
    await expect(page.getByTestId("namespace-description")).toHaveText("Everything the company runs");
    await page.getByRole("button", { name: "Edit description" }).click();
    await page.getByRole("textbox", { name: "Description" }).fill("All company flows");
    await page.getByRole("button", { name: "Save description" }).click();
    await expect(page.getByTestId("namespace-description")).toHaveText("All company flows");

    await page.getByRole("tab", { name: "Secrets" }).click();
    await expect(page).toHaveURL(/tab=secrets/);
    await page.getByRole("tab", { name: "Access" }).click();
    const access = page.getByTestId("namespace-access");
    await expect(access.getByRole("row", { name: new RegExp(users.viewer.username) })).toContainText("Viewer");
    await expect(access.getByRole("row", { name: new RegExp(users.admin.username) })).toContainText("Whole tenant");

    // a Viewer: no Access tab, no edit, no create form
    await page.context().clearCookies();
    await login(page.request, users.viewer);
    await page.goto(`/ui/${t}/namespaces/company`);
    await expect(page.getByTestId("namespace-description")).toHaveText("All company flows");
    await expect(page.getByRole("button", { name: "Edit description" })).toHaveCount(0);
    await expect(page.getByRole("tab", { name: "Access" })).toHaveCount(0);
    await expect(page.getByRole("tab", { name: "Variables" })).toBeVisible();
    await page.goto(`/ui/${t}/namespaces`);
    await expect(page.getByRole("form", { name: "Create namespace" })).toHaveCount(0);
  });
});
