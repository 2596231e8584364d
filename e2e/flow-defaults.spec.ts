import { expect, login, seed, test } from "./fixtures";
import { OUTPUT_DIR } from "./support/env";

const LOG = "io.kestra.plugin.core.log.Log";

test.describe("plugin defaults in the flow editor", () => {
  test("a flow whose namespace supplies Log's message is valid, and the editor says which property came from where", async ({ page }) => {
    const { users, tenants } = seed({
      users: { dev: {} },
      tenants: { acme: { access: ["dev"] } },
      namespaces: [
        { tenant: "acme", name: "company", pluginDefaults: [{ type: LOG, values: { message: "from the namespace" } }] },
        { tenant: "acme", name: "company.strict", pluginDefaults: [{ type: LOG, forced: true, values: { level: "LOUD" } }] },
      ],
      bindings: [{ tenant: "acme", user: "dev", role: "Developer", namespace: "company" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.dev);

    // no message in the text: the namespace chain's default supplies it, so the save is accepted
    const source = [
      "id: quiet",
      "namespace: company.team",
      "tasks:",
      "  - id: hello",
      `    type: ${LOG}`,
      "pluginDefaults:",
      `  - type: ${LOG}`,
      "    values:",
      "      level: WARN",
      "",
    ].join("\n");
    const created = await page.request.post(`/api/v1/${t}/flows`, { headers: { "content-type": "application/x-yaml" }, data: source });
    expect(created.status()).toBe(201);

    await page.goto(`/ui/${t}/flows/company.team/quiet?tab=editor`);
    const applied = page.getByTestId("applied-defaults");
    // the editor validates once the namespace's defaults are fetched: an upper bound for a loaded machine
    await expect(applied).toContainText("Set by plugin defaults (2 properties)", { timeout: 30_000 });
    await expect(applied.getByRole("listitem").filter({ hasText: "message" })).toContainText("message: from the plugin defaults of namespace company");
    await expect(applied.getByRole("listitem").filter({ hasText: "level" })).toContainText("level: from the flow's plugin defaults");
    await expect(applied.getByRole("listitem").first()).toContainText("Line 4");
    await expect(applied.getByRole("listitem").first()).toContainText("hello");
    await expect(page.getByTestId("problem-list-empty")).toBeVisible();
    await expect(page.locator(".cm-lintRange-error")).toHaveCount(0);
    await page.screenshot({ path: `${OUTPUT_DIR}/flow-defaults-editor.png`, fullPage: true });

    // moved under a namespace whose forced default brings a wrong value: marked while typing, naming its origin
    await page.goto(`/ui/${t}/flows/new`);
    const editor = page.locator(".cm-content");
    await editor.click();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(source.replace("company.team", "company.strict").replace("id: quiet", "id: loud"));
    const problems = page.getByTestId("problem-list");
    await expect(problems).toContainText("tasks[0].level");
    await expect(problems).toContainText("(forced by the plugin defaults of namespace company.strict)");
    await expect(applied.getByRole("listitem").filter({ hasText: "level" })).toContainText("level: forced by the plugin defaults of namespace company.strict");
    await page.screenshot({ path: `${OUTPUT_DIR}/flow-defaults-forced.png`, fullPage: true });
  });
});
