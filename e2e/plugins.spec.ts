import path from "node:path";
import type { Page } from "@playwright/test";
import { OUTPUT_DIR } from "./support/env";
import { expect, login, loginPage, seed, test } from "./fixtures";

// SPEC §9 plugins: the server installs the packages TENANTFLOW_PLUGINS names at start (the e2e server
// names a good package and one that throws on import); the Instance > Plugins page shows both to a
// superadmin; a flow using a type whose plugin is not installed saves with a warning, is marked in
// the editor and on the flow page, and cannot run; a flow using the package's type runs.

const shot = async (page: Page, name: string) => {
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/plugins/${name}.png`, fullPage: true });
};
const YAML = { "content-type": "application/x-yaml" };
const BIGQUERY = 'task type "io.kestra.plugin.gcp.bigquery.Query" needs the plugin plugin-gcp (Google Cloud), which is not installed';

test.describe("plugins", () => {
  test("a superadmin sees the installed plugins and the package that failed to load; anyone else gets the not-found page", async ({ page, browser }) => {
    const { users } = seed({ users: { root: { superadmin: true }, dev: {} } });
    await loginPage(page, users.root);
    await page.goto("/ui/admin/plugins");
    await expect(page.getByRole("heading", { name: "Plugins", level: 1 })).toBeVisible();
    await expect(page.getByRole("navigation").getByRole("link", { name: "Plugins" })).toBeVisible();
    const scripts = page.locator('[data-plugin-row="scripts"]');
    await expect(scripts).toContainText("First-party");
    await expect(scripts).toContainText("io.kestra.plugin.scripts.python");
    const greeting = page.locator('[data-plugin-row="greeting"]');
    await expect(greeting).toContainText(path.resolve("tests/fixtures/plugins/greeting"));
    await expect(greeting).toContainText("com.example.greeting");
    await expect(greeting).toContainText("Hello");
    const failures = page.getByTestId("plugin-failures");
    await expect(failures).toContainText("1 package could not be installed and was skipped");
    await expect(failures.locator(`[data-plugin-failure="${path.resolve("tests/fixtures/plugins/throws-on-import")}"]`)).toContainText(
      "importing it failed: cannot find the native driver",
    );
    await shot(page, "admin");

    const other = await browser.newPage();
    await loginPage(other, users.dev);
    const res = await other.goto("/ui/admin/plugins");
    expect(res?.status()).toBe(404);
    // the API lists the plugins to them, without the failures
    const api = await other.request.get("/api/v1/plugins");
    expect(api.status()).toBe(200);
    const body = await api.json();
    // the first-party plugins, then the package
    expect(body.plugins.map((p: { id: string }) => p.id)).toEqual(["scripts", "aws", "notifications", "jdbc", "serdes", "git", "greeting"]);
    expect(body).not.toHaveProperty("failures");
    await other.close();
  });

  test("a type whose plugin is not installed saves with a warning, is marked in the editor and cannot run", async ({ page }) => {
    const { users, tenants } = seed({
      users: { dev: {} },
      tenants: { acme: { access: ["dev"] } },
      bindings: [{ tenant: "acme", user: "dev", role: "Developer", namespace: "company" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.dev);

    const source = ["id: warehouse", "namespace: company.team", "tasks:", "  - id: query", "    type: io.kestra.plugin.gcp.bigquery.Query", "    sql: SELECT 1", ""].join("\n");
    const created = await page.request.post(`/api/v1/${t}/flows`, { headers: YAML, data: source });
    expect(created.status()).toBe(201);
    expect((await created.json()).warnings).toEqual([{ path: "tasks[0].type", line: 5, column: 11, message: `${BIGQUERY}: the flow saves but cannot run until it is` }]);
    const start = await page.request.post(`/api/v1/${t}/executions/company.team/warehouse`, { data: {} });
    expect(start.status()).toBe(422);
    expect((await start.json()).error.message).toBe(`The flow cannot run: ${BIGQUERY}`);

    await page.goto(`/ui/${t}/flows/company.team/warehouse`);
    await expect(page.getByTestId("not-runnable")).toContainText("Not runnable: plugin not installed");
    await expect(page.getByTestId("execute-button")).toBeDisabled();
    await expect(page.getByText(`This flow cannot run: ${BIGQUERY}.`)).toBeVisible();
    await shot(page, "flow-not-runnable");

    await page.goto(`/ui/${t}/flows/company.team/warehouse?tab=editor`);
    // an edit (a comment at the end) has the validator run on the text being written
    await page.locator(".cm-content").click();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.insertText("# reviewed\n");
    const problems = page.getByTestId("problem-list");
    await expect(problems).toContainText(`${BIGQUERY}: the flow saves but cannot run until it is`);
    await expect(page.locator(".cm-lintRange-warning")).toHaveCount(1);
    await expect(page.locator(".cm-lintRange-error")).toHaveCount(0);
    await shot(page, "editor-warning");
  });

  test("a flow using the package's type saves without a warning, is not marked in the editor and runs", async ({ page }) => {
    const { users, tenants } = seed({
      users: { dev: {} },
      tenants: { acme: { access: ["dev"] } },
      bindings: [{ tenant: "acme", user: "dev", role: "Developer", namespace: "company" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.dev);
    const greet = ["id: greet", "namespace: company.team", "tasks:", "  - id: hello", "    type: com.example.greeting.Hello", "    name: Ada", ""].join("\n");
    const saved = await page.request.post(`/api/v1/${t}/flows`, { headers: YAML, data: greet });
    expect(saved.status()).toBe(201);
    expect(await saved.json()).not.toHaveProperty("warnings");
    await page.goto(`/ui/${t}/flows/company.team/greet?tab=editor`);
    await page.locator(".cm-content").click();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.insertText("# reviewed\n");
    await expect(page.getByTestId("problem-list-empty")).toBeVisible();
    await expect(page.locator(".cm-lintRange-error, .cm-lintRange-warning")).toHaveCount(0);
    await expect(page.getByTestId("not-runnable")).toHaveCount(0);
    const run = await page.request.post(`/api/v1/${t}/executions/company.team/greet?wait=true`, { data: {} });
    expect(run.status()).toBe(201);
    const execution = await run.json();
    expect(execution.state.current).toBe("SUCCESS");
    const detail = await (await page.request.get(`/api/v1/${t}/executions/${execution.id}`)).json();
    expect(detail.taskRunList[0].outputs).toEqual({ message: "Hello, Ada!" });
  });
});
