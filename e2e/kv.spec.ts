import { expect, login, seed, test } from "./fixtures";
import { OUTPUT_DIR } from "./support/env";

// The KV tab of a namespace: inherited entries, type-aware creation with inline validation, an
// edit that meets someone else's save, deletion, and what each role may do.

const kvUrl = (t: string, ns: string, key = "") => `/api/v1/${t}/namespaces/${ns}/kv${key ? `/${key}` : ""}`;

test.describe("KV store", () => {
  // long walks through many dialogs: more room than the suite's default on a busy machine
  test.describe.configure({ timeout: 240_000 });

  test("a developer creates, edits through a conflict and deletes entries, and sees the ancestor's", async ({ page }) => {
    const { users, tenants } = seed({
      users: { dev: {} },
      tenants: { acme: { access: ["dev"] } },
      bindings: [{ tenant: "acme", user: "dev", role: "Developer", namespace: "company" }],
      flows: [{ tenant: "acme", namespace: "company.team", id: "report" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.dev);

    await page.goto(`/ui/${t}/namespaces/company.team?tab=kv`);
    await expect(page.getByRole("heading", { name: "No entries yet" })).toBeVisible();
    await page.screenshot({ path: `${OUTPUT_DIR}/kv-empty.png`, fullPage: true });

    // an entry of the parent shows through, marked as inherited
    expect((await page.request.put(kvUrl(t, "company", "region"), { data: { type: "STRING", value: "eu-west" } })).status()).toBe(201);
    await page.reload();
    const table = page.getByTestId("kv-table");
    const region = table.locator('[data-key="region"]');
    await expect(region).toContainText("from company");
    await expect(region).toContainText("eu-west");
    await expect(region.getByRole("button", { name: "Override region" })).toBeVisible();
    await expect(region.getByRole("button", { name: "Edit region" })).toHaveCount(0);

    // a number with a time to live: the ttl is checked while typing
    await page.getByRole("button", { name: "New entry" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New KV entry" });
    await dialog.getByLabel("Key").fill("max retries");
    await dialog.getByLabel("Type").selectOption("NUMBER");
    await dialog.getByLabel("Value").fill("3");
    await dialog.getByLabel("Time to live").fill("1 hour");
    await dialog.getByRole("button", { name: "Create entry" }).click();
    await expect(dialog.getByText("key must start with a letter or digit and contain only letters, digits, ., _ and -")).toBeVisible();
    await expect(dialog.getByText("ttl must be an ISO-8601 duration, e.g. PT1H or P7D")).toBeVisible();
    await page.screenshot({ path: `${OUTPUT_DIR}/kv-validation.png`, fullPage: true });
    await dialog.getByLabel("Key").fill("max-retries");
    await dialog.getByLabel("Time to live").fill("P7D");
    await dialog.getByRole("button", { name: "Create entry" }).click();
    await expect(page.getByTestId("notice")).toHaveText("Created max-retries.");
    const retries = table.locator('[data-key="max-retries"]');
    await expect(retries).toContainText("Number");
    await expect(retries).toContainText("3");
    await expect(retries).not.toContainText("Never");

    // JSON is parsed in the browser before it is sent
    await page.getByRole("button", { name: "New entry" }).first().click();
    await dialog.getByLabel("Key").fill("limits");
    await dialog.getByLabel("Type").selectOption("JSON");
    await dialog.getByLabel("Value").fill('{"cpu": 2,');
    await dialog.getByRole("button", { name: "Create entry" }).click();
    await expect(dialog.getByText(/Not valid JSON/)).toBeVisible();
    await dialog.getByLabel("Value").fill('{"cpu": 2, "memory": "4Gi"}');
    await dialog.getByRole("button", { name: "Create entry" }).click();
    await expect(table.locator('[data-key="limits"]')).toContainText('{"cpu":2,"memory":"4Gi"}');

    // a boolean through its switch
    await page.getByRole("button", { name: "New entry" }).first().click();
    await dialog.getByLabel("Key").fill("enabled");
    await dialog.getByLabel("Type").selectOption("BOOLEAN");
    await dialog.getByRole("switch", { name: "Value" }).click();
    await dialog.getByRole("button", { name: "Create entry" }).click();
    await expect(table.locator('[data-key="enabled"]')).toContainText("true");
    await page.screenshot({ path: `${OUTPUT_DIR}/kv-table.png`, fullPage: true });

    // someone else saves while the dialog is open: the user sees theirs and keeps their own value
    await retries.getByRole("button", { name: "Edit max-retries" }).click();
    const edit = page.getByRole("dialog", { name: "Edit max-retries" });
    await expect(edit.getByLabel("Value")).toHaveValue("3");
    await expect(edit.getByRole("switch", { name: "Keep the current expiry" })).toHaveAttribute("aria-checked", "true");
    const theirs = await page.request.put(kvUrl(t, "company.team", "max-retries"), { data: { type: "NUMBER", value: 5 }, headers: { "If-Match": '"1"' } });
    expect(theirs.status()).toBe(200);
    await edit.getByLabel("Value").fill("4");
    await edit.getByRole("button", { name: "Save changes" }).click();
    const conflict = edit.getByTestId("kv-conflict");
    await expect(conflict).toContainText("Someone else saved this entry");
    await expect(conflict).toContainText("version 2");
    await expect(edit.getByLabel("Value")).toHaveValue("4");
    await page.screenshot({ path: `${OUTPUT_DIR}/kv-conflict.png`, fullPage: true });
    await conflict.getByRole("button", { name: "Overwrite with mine" }).click();
    await expect(page.getByTestId("notice")).toHaveText("Saved max-retries (version 3).");
    const saved = await (await page.request.get(kvUrl(t, "company.team", "max-retries"))).json();
    expect(saved).toMatchObject({ value: 4, version: 3, expiresAt: null });

    // delete, after a confirmation
    await table.locator('[data-key="enabled"]').getByRole("button", { name: "Delete enabled" }).click();
    await page.getByTestId("confirm-dialog").getByRole("button", { name: "Delete entry" }).click();
    await expect(page.getByTestId("notice")).toHaveText("Deleted enabled.");
    await expect(table.locator('[data-key="enabled"]')).toHaveCount(0);
    expect((await page.request.get(kvUrl(t, "company.team", "enabled"))).status()).toBe(404);

    // the audit log has each of them
    const audit = await (await page.request.get(`/api/v1/${t}/auditlogs?resourceType=KV&size=50`)).json();
    expect(audit.results.map((e: { action: string; resourceId: string }) => `${e.action} ${e.resourceId}`)).toEqual(
      expect.arrayContaining(["CREATE company.team/max-retries", "UPDATE company.team/max-retries", "DELETE company.team/enabled"]),
    );
  });

  test("a viewer reads without any way to change; a launcher is told what is missing", async ({ page }) => {
    const { users, tenants } = seed({
      users: { admin: {}, viewer: {}, launcher: {} },
      tenants: { acme: { admin: "admin", access: ["viewer", "launcher"] } },
      bindings: [
        { tenant: "acme", user: "viewer", role: "Viewer" },
        { tenant: "acme", user: "launcher", role: "Launcher" },
      ],
      flows: [{ tenant: "acme", namespace: "ops", id: "nightly" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.admin);
    expect((await page.request.put(kvUrl(t, "ops", "window"), { data: { type: "DURATION", value: "PT2H" } })).status()).toBe(201);

    await login(page.request, users.viewer);
    await page.goto(`/ui/${t}/namespaces/ops?tab=kv`);
    const row = page.getByTestId("kv-table").locator('[data-key="window"]');
    await expect(row).toContainText("Duration");
    await expect(row).toContainText("PT2H");
    await expect(page.getByRole("button", { name: "New entry" })).toHaveCount(0);
    await expect(row.getByRole("button")).toHaveCount(0);
    await page.screenshot({ path: `${OUTPUT_DIR}/kv-viewer.png`, fullPage: true });

    await login(page.request, users.launcher);
    await page.goto(`/ui/${t}/namespaces/ops?tab=kv`);
    await expect(page.getByTestId("not-allowed")).toContainText("KVSTORE:READ");
    await expect(page.getByText("PT2H")).toHaveCount(0);
  });
});
