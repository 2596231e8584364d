import type { Page } from "@playwright/test";
import { expect, login, seed, test } from "./fixtures";
import { OUTPUT_DIR } from "./support/env";

const LOG = "io.kestra.plugin.core.log.Log";

async function typeInEditor(page: Page, testId: string, text: string) {
  const editor = page.getByTestId(testId).locator(".cm-content");
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  // inserted as one input, as a paste would be (no auto-indent after each newline)
  await page.keyboard.insertText(text);
  await expect(editor).toContainText(text.split("\n")[0]);
}

test.describe("namespace variables, plugin defaults and settings", () => {
  // long scenarios: three users and several saves each
  test.setTimeout(240_000);

  test("a Developer of company.team sees what it inherits, overrides a variable, and cannot beat a forced default", async ({ page }) => {
    const { users, tenants } = seed({
      users: { admin: {}, dev: {}, viewer: {} },
      tenants: { acme: { admin: "admin", access: ["dev", "viewer"] } },
      bindings: [
        { tenant: "acme", user: "dev", role: "Developer", namespace: "company.team" },
        // what is inherited from company is shown to those who may read company
        { tenant: "acme", user: "dev", role: "Viewer", namespace: "company" },
        { tenant: "acme", user: "viewer", role: "Viewer" },
      ],
    });
    const t = tenants.acme.id;
    await login(page.request, users.admin);
    for (const name of ["company", "company.team"]) {
      expect((await page.request.post(`/api/v1/${t}/namespaces`, { data: { name } })).status()).toBe(201);
    }
    const put = await page.request.put(`/api/v1/${t}/namespaces/company`, {
      data: {
        variables: { region: "us-east-1", bucket: "company-data" },
        pluginDefaults: [{ type: LOG, forced: true, values: { level: "ERROR" } }],
      },
    });
    expect(put.status()).toBe(200);

    await page.context().clearCookies();
    await login(page.request, users.dev);
    await page.goto(`/ui/${t}/namespaces/company.team?tab=variables`);
    const inForce = page.getByRole("table", { name: "Variables in force" });
    await expect(inForce.getByRole("row", { name: /bucket/ })).toContainText("company-data");
    await expect(inForce.getByRole("row", { name: /region/ })).toContainText("inherited");
    await expect(inForce.getByRole("row", { name: /region/ })).toContainText("us-east-1");

    // a broken document is marked and not sent
    await typeInEditor(page, "variables-editor", "- not\n- a map");
    await expect(page.getByTestId("problem-list")).toContainText("variables must be a map");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Fix the problems" })).toBeVisible();

    await typeInEditor(page, "variables-editor", "region: eu-west-1");
    await expect(page.getByTestId("problem-list")).toBeHidden();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    const region = inForce.getByRole("row", { name: /region/ });
    await expect(region).toContainText("eu-west-1");
    await expect(region).toContainText("here");
    await expect(region).toContainText("overrides company");
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/namespace-variables.png`, fullPage: true });

    // plugin defaults: its own level loses to the forced one of company
    await page.getByRole("tab", { name: "Plugin defaults" }).click();
    const defaults = page.getByRole("table", { name: "Plugin defaults in force" });
    await expect(defaults.getByRole("row", { name: /level/ })).toContainText("forced");
    await typeInEditor(page, "pluginDefaults-editor", `- type: ${LOG}\n  values:\n    level: DEBUG\n    message: from the team`);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    await expect(defaults.getByRole("row", { name: /level/ })).toContainText("ERROR");
    await expect(defaults.getByRole("row", { name: /level/ })).toContainText("company");
    await expect(defaults.getByRole("row", { name: /message/ })).toContainText("from the team");
    // the page has refreshed with the new version (the table shows it): the confirmation is still there
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    await expect(page.getByRole("button", { name: "Save", exact: true })).toBeDisabled();
    const stored = await (await page.request.get(`/api/v1/${t}/namespaces/company.team`)).json();
    expect(stored.pluginDefaults).toEqual([{ type: LOG, values: { level: "DEBUG", message: "from the team" } }]);
  });

  test("a Developer restricts who may use its namespace but cannot choose backends; a Viewer only reads", async ({ page }) => {
    const { users, tenants } = seed({
      users: { admin: {}, dev: {}, viewer: {} },
      tenants: { acme: { admin: "admin", access: ["dev", "viewer"] } },
      bindings: [
        { tenant: "acme", user: "dev", role: "Developer", namespace: "company.team" },
        { tenant: "acme", user: "viewer", role: "Viewer" },
      ],
    });
    const t = tenants.acme.id;
    await login(page.request, users.admin);
    for (const name of ["company", "company.team"]) await page.request.post(`/api/v1/${t}/namespaces`, { data: { name } });
    await page.request.put(`/api/v1/${t}/namespaces/company.team`, { data: { variables: { region: "eu-west-1" } } });
    await page.context().clearCookies();
    await login(page.request, users.dev);
    await page.goto(`/ui/${t}/namespaces/company.team?tab=settings`);
    const allowed = page.getByTestId("allowed-namespaces");
    await allowed.getByLabel("Only these namespaces").check();
    await allowed.getByLabel("Namespace to allow").fill("Bad Name");
    await allowed.getByRole("button", { name: "Add" }).click();
    await expect(allowed).toContainText("namespace must start with a lowercase letter");
    await allowed.getByLabel("Namespace to allow").fill("company.data");
    await allowed.getByLabel("Namespace to allow").press("Enter");
    await allowed.getByRole("button", { name: "Save allowed namespaces" }).click();
    await expect(allowed.getByRole("status")).toHaveText("Saved.");
    await expect(page.getByRole("list", { name: "Allowed namespaces" })).toContainText("company.data");
    expect((await (await page.request.get(`/api/v1/${t}/namespaces/company.team`)).json()).allowedNamespaces).toEqual(["company.data"]);
    const backends = page.getByTestId("namespace-backends");
    await expect(backends.getByLabel("Storage backend")).toBeDisabled();
    await expect(backends).toContainText("only a superadmin can change them");
    await expect(page.getByTestId("backend-resolution")).toContainText("Instance default");

    // a Viewer reads the same, with nothing to edit
    await page.context().clearCookies();
    await login(page.request, users.viewer);
    await page.goto(`/ui/${t}/namespaces/company.team?tab=variables`);
    await expect(page.getByRole("table", { name: "Variables in force" })).toContainText("eu-west-1");
    await expect(page.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
    const refused = await page.request.put(`/api/v1/${t}/namespaces/company.team`, { data: { variables: {} } });
    expect(refused.status()).toBe(403);
  });


  test("a superadmin chooses a namespace's and a tenant's backends and sees the resolution order", async ({ page }) => {
    const { users, tenants } = seed({ users: { root: { superadmin: true } }, tenants: { acme: { admin: "root" } } });
    const t = tenants.acme.id;
    await login(page.request, users.root);
    for (const name of ["company", "company.team"]) await page.request.post(`/api/v1/${t}/namespaces`, { data: { name } });

    await page.goto(`/ui/${t}/namespaces/company?tab=settings`);
    const backends = page.getByTestId("namespace-backends");
    await backends.getByLabel("Storage backend").selectOption("s3");
    await backends.getByLabel("Bucket").fill("Not A Bucket");
    await backends.getByRole("button", { name: "Save backends" }).click();
    await expect(backends).toContainText("bucket must be a valid S3 bucket name");
    await backends.getByLabel("Bucket").fill("company-files");
    await backends.getByLabel("Endpoint").fill("http://127.0.0.1:9000");
    await backends.getByLabel("Path-style addressing").check();
    await backends.getByLabel("Secret backend").selectOption("env");
    await backends.getByRole("button", { name: "Save backends" }).click();
    await expect(backends.getByRole("status")).toHaveText("Saved.");
    // the page's refresh brings the new version in; the form keeps its confirmation
    await expect(page.getByTestId("backend-resolution")).toContainText("S3 bucket company-files");
    await expect(backends.getByRole("status")).toHaveText("Saved.");
    await expect(backends.getByLabel("Bucket")).toHaveValue("company-files");

    await page.goto(`/ui/${t}/namespaces/company.team?tab=settings`);
    const order = page.getByTestId("backend-resolution");
    const companyRow = order.getByRole("row", { name: /^company\s/ });
    await expect(companyRow).toContainText("S3 bucket company-files");
    await expect(companyRow).toContainText("in force");
    await expect(order.getByRole("row", { name: /^company\.team/ })).toContainText("not set");
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/namespace-settings.png`, fullPage: true });

    // the tenant form: its dedicated backends, shown to a superadmin
    await page.goto("/ui/admin/tenants");
    await page.getByRole("row", { name: new RegExp(t) }).getByRole("button", { name: /Edit/ }).click();
    const dialog = page.getByTestId("edit-tenant-dialog");
    await dialog.getByText("Dedicated backends").click();
    await dialog.getByLabel("Storage backend").selectOption("local");
    await dialog.getByLabel("Directory").fill("acme-files");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog).toBeHidden();
    const tenant = await (await page.request.get(`/api/v1/tenants/${t}`)).json();
    expect(tenant.storage).toEqual({ type: "local", directory: "acme-files" });
    await page.goto(`/ui/${t}/namespaces/company.team?tab=settings`);
    await expect(page.getByTestId("backend-resolution").getByRole("row", { name: /^Tenant/ })).toContainText("Local directory acme-files/");
  });
});
