import crypto from "node:crypto";
import { expect, login, seed, setTenantSecretBackend, test } from "./fixtures";
import { OUTPUT_DIR } from "./support/env";

const shot = (name: string) => ({ path: `${OUTPUT_DIR}/screens/secrets-${name}.png`, fullPage: true });

test.describe("secrets", () => {
  test.setTimeout(180_000);

  test("a Developer bound on company.team sets a secret and sees its key, never its value; an Editor cannot create one", async ({ page }) => {
    const { users, tenants } = seed({
      users: { admin: {}, dev: {}, editor: {} },
      tenants: { acme: { admin: "admin", access: ["dev", "editor"] } },
      bindings: [
        { tenant: "acme", user: "dev", role: "Developer", namespace: "company.team" },
        { tenant: "acme", user: "editor", role: "Editor" },
      ],
      flows: [{ tenant: "acme", namespace: "company.team", id: "uses-secrets" }],
    });
    const t = tenants.acme.id;
    const value = `e2e-value-${crypto.randomBytes(8).toString("hex")}`;
    const replaced = `${value}-replaced`;

    // the tenant administrator keeps one tenant-level secret, on the tenant's secrets page
    await login(page.request, users.admin);
    await page.goto(`/ui/${t}/admin/secrets`);
    await expect(page.getByRole("heading", { name: "Secrets", exact: true })).toBeVisible();
    await expect(page.getByText("No secrets yet")).toBeVisible();
    await page.screenshot(shot("tenant-empty"));
    await page.getByRole("button", { name: "New secret" }).click();
    const tenantDialog = page.getByTestId("secret-dialog");
    await tenantDialog.getByLabel("Key").fill("SLACK_TOKEN");
    await tenantDialog.getByLabel("Value").fill(`tenant-${value}`);
    await tenantDialog.getByLabel("Description").fill("Posts to #ops");
    await tenantDialog.getByRole("button", { name: "Save secret" }).click();
    await expect(page.getByTestId("notice")).toHaveText(/Secret SLACK_TOKEN saved/);
    await expect(page.getByTestId("secrets-table").getByRole("row", { name: /SLACK_TOKEN/ })).toContainText("Posts to #ops");
    await page.screenshot(shot("tenant-list"));

    // the Developer on company.team
    await page.context().clearCookies();
    await login(page.request, users.dev);
    await page.goto(`/ui/${t}/namespaces/company.team?tab=secrets`);
    const panel = page.getByTestId("secrets-panel");
    // the tenant's own secrets need SECRET:READ tenant-wide: left out, and counted
    await expect(panel.getByRole("row", { name: /SLACK_TOKEN/ })).toHaveCount(0);
    await expect(page.getByTestId("hidden-inherited")).toHaveText(/1 inherited secret is not shown/);
    await expect(page.getByRole("link", { name: "Secrets" })).toHaveCount(0); // no tenant-wide SECRET: no sidebar entry
    await panel.getByRole("button", { name: "New secret" }).click();
    const dialog = page.getByTestId("secret-dialog");
    await expect(dialog.getByLabel("Value")).toHaveAttribute("type", "password");
    await dialog.getByLabel("Key").fill("db-password");
    await dialog.getByLabel("Value").fill(value);
    await dialog.getByRole("button", { name: "Save secret" }).click();
    await expect(dialog.getByText(/key must start with a letter and contain only letters, digits and _/)).toBeVisible();
    await page.screenshot(shot("new-dialog-invalid"));
    await dialog.getByLabel("Key").fill("DB_PASSWORD");
    await dialog.getByLabel("Description").fill("Warehouse database");
    await dialog.getByRole("button", { name: "Save secret" }).click();
    await expect(page.getByTestId("notice")).toHaveText(/Secret DB_PASSWORD saved/);
    const row = panel.getByRole("row", { name: /DB_PASSWORD/ });
    await expect(row).toContainText("Warehouse database");
    await expect(row).toContainText("this namespace");
    await expect(row).toContainText("encrypted store");
    await expect(page.locator("body")).not.toContainText(value);
    await page.screenshot(shot("namespace-list"));

    // replacing: the value field starts empty, the old value is nowhere
    await row.getByRole("button", { name: "Replace the value of DB_PASSWORD" }).click();
    const replace = page.getByTestId("secret-dialog");
    await expect(replace.getByLabel("Value")).toHaveValue("");
    await expect(replace.getByLabel("Value")).toHaveAttribute("type", "password");
    await page.screenshot(shot("replace-dialog"));
    await replace.getByLabel("Value").fill(replaced);
    await replace.getByRole("button", { name: "Replace value" }).click();
    await expect(page.getByTestId("notice")).toHaveText(/The value of DB_PASSWORD was replaced/);

    // neither the page's HTML nor the API hands a value back
    for (const url of [`/ui/${t}/namespaces/company.team?tab=secrets`, `/api/v1/${t}/namespaces/company.team/secrets`, `/ui/${t}/namespaces/company.team`]) {
      const text = await (await page.request.get(url)).text();
      if (!url.endsWith("company.team")) expect(text, url).toContain("DB_PASSWORD");
      expect(text, url).not.toContain(value);
    }
    // nor does a namespace outside the binding answer at all
    expect((await page.request.put(`/api/v1/${t}/namespaces/company/secrets/X`, { data: { value: "v" } })).status()).toBe(404);

    // an Editor sees the keys, has no way to create or change one, and the server refuses anyway
    await page.context().clearCookies();
    await login(page.request, users.editor);
    await page.goto(`/ui/${t}/namespaces/company.team?tab=secrets`);
    await expect(panel.getByRole("row", { name: /DB_PASSWORD/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "New secret" })).toHaveCount(0);
    await expect(page.getByTestId("secrets-read-only-for-you")).toContainText("needs SECRET:CREATE");
    await expect(page.getByRole("button", { name: /Replace|Delete/ })).toHaveCount(0);
    await page.screenshot(shot("editor"));
    const refused = await page.request.put(`/api/v1/${t}/namespaces/company.team/secrets/EDITOR_TRY`, { data: { value: "v" } });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.message).toContain("SECRET:CREATE");
    const list = await (await page.request.get(`/api/v1/${t}/namespaces/company.team/secrets`)).json();
    expect(list.results.map((r: { key: string }) => r.key)).toEqual(["DB_PASSWORD", "SLACK_TOKEN"]);
    expect(JSON.stringify(list)).not.toContain(value);

    // the Developer deletes it after confirming
    await page.context().clearCookies();
    await login(page.request, users.dev);
    await page.goto(`/ui/${t}/namespaces/company.team?tab=secrets`);
    await panel.getByRole("button", { name: "Delete secret DB_PASSWORD" }).click();
    await page.getByTestId("confirm-dialog").getByRole("button", { name: "Delete secret" }).click();
    await expect(page.getByTestId("notice")).toHaveText(/Secret DB_PASSWORD deleted/);
    await expect(panel.getByRole("row", { name: /DB_PASSWORD/ })).toHaveCount(0);

    // the audit log records every change, the value masked
    await page.context().clearCookies();
    await login(page.request, users.admin);
    const audit = await (await page.request.get(`/api/v1/${t}/auditlogs?size=100`)).text();
    expect(audit).toContain("DB_PASSWORD");
    expect(audit).not.toContain(value);
  });

  test("a tenant on the environment-variable backend: read-only notice, no create button, writes refused", async ({ page }) => {
    const { users, tenants } = seed({ users: { admin: {} }, tenants: { acme: { admin: "admin" } } });
    const t = tenants.acme.id;
    setTenantSecretBackend(t, JSON.stringify({ type: "env", prefix: "SECRET_E2E_UNSET_" }));
    await login(page.request, users.admin);
    await page.goto(`/ui/${t}/admin/secrets`);
    await expect(page.getByTestId("secrets-read-only")).toContainText("SECRET_E2E_UNSET_KEY");
    await expect(page.getByText("No environment variable with this prefix is set on the server.")).toBeVisible();
    await expect(page.getByRole("button", { name: "New secret" })).toHaveCount(0);
    await page.screenshot(shot("env-backend"));
    const refused = await page.request.put(`/api/v1/${t}/secrets/NEW_ONE`, { data: { value: "v" } });
    expect(refused.status()).toBe(409);
    expect((await refused.json()).error.message).toContain("read-only");
  });
});
