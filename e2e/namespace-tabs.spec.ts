import type { Page } from "@playwright/test";
import { expect, login, seed, test } from "./fixtures";
import { OUTPUT_DIR } from "./support/env";

const LOG = "io.kestra.plugin.core.log.Log";
type Section = "flows" | "variables" | "plugin-defaults" | "secrets" | "kv" | "files" | "settings";
const LABELS: Record<Section, string> = {
  flows: "Flows",
  variables: "Variables",
  "plugin-defaults": "Plugin defaults",
  secrets: "Secrets",
  kv: "KV",
  files: "Files",
  settings: "Settings",
};

// Every order in which the two YAML tabs can be reached: straight from one to the other, back again,
// through another tab, and from a page opened on either of them. The two tabs render the same
// component in the same place, which once let one tab's text survive into the other.
const WALKS: Section[][] = [
  ["variables", "plugin-defaults", "variables", "plugin-defaults"],
  ["plugin-defaults", "variables", "plugin-defaults", "variables"],
  ["flows", "plugin-defaults", "variables", "secrets", "plugin-defaults", "kv", "variables", "settings", "plugin-defaults", "files", "variables"],
];

async function openTab(page: Page, section: Section) {
  const tab = page.getByRole("tablist", { name: "Namespace sections" }).getByRole("tab", { name: LABELS[section], exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute("aria-selected", "true");
  await expect(page).toHaveURL(section === "flows" ? /\/namespaces\/[^?]+$/ : new RegExp(`tab=${section}$`));
}

const editorText = (page: Page, kind: "variables" | "pluginDefaults") => page.getByTestId(`${kind}-editor`).locator(".cm-content");

/** The editor of the open YAML tab shows that tab's saved text and nothing of the other's. */
async function expectOwnContent(page: Page, section: Section, saved: { variables: string[]; pluginDefaults: string[] }, canEdit: boolean) {
  if (section !== "variables" && section !== "plugin-defaults") return;
  const kind = section === "variables" ? "variables" : "pluginDefaults";
  const other = kind === "variables" ? "pluginDefaults" : "variables";
  await expect(page.getByTestId(`${other}-editor`)).toHaveCount(0);
  const editor = editorText(page, kind);
  for (const line of saved[kind]) await expect(editor).toContainText(line);
  if (saved[kind].length === 0) await expect(editor).toHaveText("");
  for (const line of saved[other]) await expect(editor).not.toContainText(line);
  await expect(page.getByTestId("problem-list")).toHaveCount(0);
  if (canEdit) {
    await expect(page.getByText("Unsaved changes")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save", exact: true })).toBeDisabled();
  } else {
    await expect(page.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
  }
}

async function replaceText(page: Page, kind: "variables" | "pluginDefaults", text: string) {
  const editor = editorText(page, kind);
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(text);
  await expect(editor).toContainText(text.split("\n")[0]);
}

test.describe("namespace tabs keep each setting's own text", () => {
  test.setTimeout(240_000);

  test("walking the variables and plugin defaults tabs in any order, then saving, never mixes them up", async ({ page }) => {
    const { users, tenants } = seed({
      users: { admin: {}, viewer: {} },
      tenants: { acme: { admin: "admin", access: ["viewer"] } },
      bindings: [{ tenant: "acme", user: "viewer", role: "Viewer" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.admin);
    for (const name of ["company", "company.team"]) {
      expect((await page.request.post(`/api/v1/${t}/namespaces`, { data: { name } })).status()).toBe(201);
    }
    const variables = { region: "eu-west-1", bucket: "company-data" };
    const pluginDefaults = [{ type: LOG, values: { level: "DEBUG" } }];
    expect((await page.request.put(`/api/v1/${t}/namespaces/company`, { data: { variables, pluginDefaults } })).status()).toBe(200);
    // company.team: variables only, its plugin defaults empty (an empty editor must stay empty too)
    expect((await page.request.put(`/api/v1/${t}/namespaces/company.team`, { data: { variables: { team: "data" } } })).status()).toBe(200);

    const namespaces = {
      company: { variables: ["region: eu-west-1", "bucket: company-data"], pluginDefaults: [`type: ${LOG}`, "level: DEBUG"] },
      "company.team": { variables: ["team: data"], pluginDefaults: [] as string[] },
    };
    for (const [name, saved] of Object.entries(namespaces)) {
      for (const [first, ...rest] of WALKS) {
        await page.goto(`/ui/${t}/namespaces/${name}${first === "flows" ? "" : `?tab=${first}`}`);
        await expectOwnContent(page, first, saved, true);
        for (const section of rest) {
          await openTab(page, section);
          await expectOwnContent(page, section, saved, true);
        }
      }
    }
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/namespace-tabs-variables.png`, fullPage: true });

    // saving after the walk writes each tab's own text only
    const stored = async (name: string) => (await page.request.get(`/api/v1/${t}/namespaces/${name}`)).json();
    await page.goto(`/ui/${t}/namespaces/company?tab=plugin-defaults`);
    await openTab(page, "variables");
    await replaceText(page, "variables", "region: us-east-1\nbucket: company-data");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    expect(await stored("company")).toMatchObject({ variables: { region: "us-east-1", bucket: "company-data" }, pluginDefaults });

    await openTab(page, "plugin-defaults");
    const savedNow = { variables: ["region: us-east-1"], pluginDefaults: namespaces.company.pluginDefaults };
    await expectOwnContent(page, "plugin-defaults", savedNow, true);
    await replaceText(page, "pluginDefaults", `- type: ${LOG}\n  values:\n    level: WARN`);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    expect(await stored("company")).toMatchObject({
      variables: { region: "us-east-1", bucket: "company-data" },
      pluginDefaults: [{ type: LOG, values: { level: "WARN" } }],
    });
    await openTab(page, "variables");
    await expectOwnContent(page, "variables", { variables: savedNow.variables, pluginDefaults: ["level: WARN"] }, true);
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/namespace-tabs-after-save.png`, fullPage: true });

    // the empty plugin defaults of company.team are not filled with its variables by a save either
    await page.goto(`/ui/${t}/namespaces/company.team?tab=variables`);
    await openTab(page, "plugin-defaults");
    await expect(page.getByRole("button", { name: "Save", exact: true })).toBeDisabled();
    await openTab(page, "variables");
    await replaceText(page, "variables", "team: platform");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    expect(await stored("company.team")).toMatchObject({ variables: { team: "platform" }, pluginDefaults: [] });

    // a Viewer reads each tab's own text, in any order, with nothing to save
    await page.context().clearCookies();
    await login(page.request, users.viewer);
    const current = { variables: ["region: us-east-1"], pluginDefaults: [`type: ${LOG}`, "level: WARN"] };
    for (const [first, ...rest] of WALKS) {
      await page.goto(`/ui/${t}/namespaces/company${first === "flows" ? "" : `?tab=${first}`}`);
      await expectOwnContent(page, first, current, false);
      for (const section of rest) {
        await openTab(page, section);
        await expectOwnContent(page, section, current, false);
      }
    }
    await expect(page.getByText("must be a")).toHaveCount(0);
  });
});
