import type { Page } from "@playwright/test";
import { OUTPUT_DIR } from "./support/env";
import { expect, login, seed, test } from "./fixtures";

// Running flows from the browser and watching them: the Execute form generated from a flow's
// inputs (checked in the form, then by the server), the executions list whose states change while
// it is open, its filters in the URL and its bulk delete, the dashboard's count, and what a user
// who may only read sees instead of the buttons.

const FLOW = `id: typed
namespace: team.run
inputs:
  - id: name
    type: STRING
    displayName: Customer name
    description: Lower-case letters only
    validator: "[a-z]+"
  - id: count
    type: INT
    defaults: 2
  - id: notify
    type: BOOLEAN
    defaults: false
  - id: day
    type: DATE
    required: false
  - id: payload
    type: JSON
    required: false
  - id: tier
    type: SELECT
    values: [gold, silver]
    defaults: silver
tasks:
  - id: wait
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT5S
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "{{ inputs.name }} x {{ inputs.count }}"
`;

const shot = async (page: Page, name: string) => {
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/executions/${name}.png`, fullPage: true });
};

test("a flow runs from its page through the form, the list follows it to SUCCESS, filters by state in the URL, and deletes it in bulk", async ({ page }) => {
  test.setTimeout(60_000);
  const { users, tenants } = seed({ users: { ada: {} }, tenants: { acme: { admin: "ada" } } });
  const t = tenants.acme.id;
  await login(page.request, users.ada);
  expect((await page.request.post(`/api/v1/${t}/flows`, { data: FLOW, headers: { "content-type": "application/x-yaml" } })).status()).toBe(201);

  // the dashboard of a tenant that has run nothing says what to do
  await page.goto(`/ui/${t}`);
  await expect(page.getByRole("heading", { name: "No executions yet" })).toBeVisible();

  // the flows list's row button opens the same form (its code loaded on demand), laid out as a
  // dialog of its own rather than in the alignment of the cell it was opened from
  await page.goto(`/ui/${t}/flows`);
  await page.getByRole("row").filter({ hasText: "typed" }).getByRole("button", { name: "Execute", exact: true }).click();
  const fromList = page.getByRole("dialog", { name: "Execute typed" });
  await expect(fromList.getByLabel("Customer name")).toBeVisible();
  await expect(fromList).toHaveCSS("text-align", "left");
  await expect(fromList).toHaveCSS("white-space", "normal");
  await fromList.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(fromList).toBeHidden();

  await page.goto(`/ui/${t}/flows/team.run/typed`);
  await page.getByRole("button", { name: "Execute", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Execute typed" });
  await expect(dialog.getByLabel("Customer name")).toBeVisible();
  await expect(dialog.getByLabel("count")).toHaveValue("2");
  await shot(page, "execute-dialog");

  // refused in the form, before anything is sent: the validator and the JSON syntax
  await dialog.getByLabel("Customer name").fill("Not Valid");
  await dialog.getByLabel("payload").fill("{ broken");
  await dialog.getByRole("button", { name: "Execute", exact: true }).click();
  await expect(dialog.getByTestId("field-name").getByTestId("field-error")).toContainText("Must match the regular expression [a-z]+");
  await expect(dialog.getByTestId("field-payload").getByTestId("field-error")).toContainText("JSON");
  await expect(page).toHaveURL(new RegExp(`/ui/${t}/flows/team.run/typed$`));
  await shot(page, "execute-dialog-refused");

  await dialog.getByLabel("Customer name").fill("ada");
  await dialog.getByLabel("payload").fill('{"a": 1}');
  await dialog.getByLabel("count").fill("3");
  await dialog.getByRole("switch", { name: "notify" }).click();
  await dialog.getByLabel("tier").selectOption("gold");
  await dialog.getByRole("button", { name: "Execute", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/ui/${t}/executions/team\\.run/typed/[A-Za-z0-9_-]+$`));
  const id = page.url().split("/").at(-1)!;
  const started = await (await page.request.get(`/api/v1/${t}/executions/${id}`)).json();
  expect(started.inputs).toMatchObject({ name: "ada", count: 3, notify: true, tier: "gold", payload: { a: 1 } });
  expect(started.trigger.kind).toBe("manual");

  // the list, opened while it runs, shows it reaching SUCCESS without a reload
  await page.goto(`/ui/${t}/executions`);
  const row = page.getByTestId("execution-row").filter({ hasText: id.slice(0, 8) });
  await expect(row).toBeVisible();
  expect(["CREATED", "QUEUED", "RUNNING"]).toContain(await row.getAttribute("data-state"));
  await expect(row).toHaveAttribute("data-state", "SUCCESS", { timeout: 20_000 });
  await expect(row.getByRole("link", { name: "typed" })).toHaveAttribute("href", `/ui/${t}/flows/team.run/typed`);
  await shot(page, "list");

  // filters live in the URL
  await page.goto(`/ui/${t}/executions?state=FAILED`);
  await expect(page.getByRole("heading", { name: "No executions match these filters" })).toBeVisible();
  await page.goto(`/ui/${t}/executions?state=SUCCESS&namespace=team`);
  await expect(page.getByTestId("execution-row")).toHaveCount(1);

  // the flow's own tab lists it too (read by the server when the tab is opened), and the dashboard counts it
  await page.goto(`/ui/${t}/flows/team.run/typed`);
  await page.getByRole("tab", { name: "Executions" }).click();
  await expect(page).toHaveURL(new RegExp(`/flows/team\\.run/typed\\?tab=executions$`));
  await expect(page.getByTestId("execution-row")).toHaveCount(1);
  await page.goto(`/ui/${t}`);
  await expect(page.getByTestId("stats-count")).toContainText("1 execution started in the last 24 hours");
  await shot(page, "dashboard");

  // bulk delete, confirmed, with its result
  await page.goto(`/ui/${t}/executions`);
  await page.getByRole("checkbox", { name: "Select all executions on this page" }).check();
  await page.getByTestId("bulk-bar").getByRole("button", { name: "Delete" }).click();
  await page.getByTestId("confirm-dialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("bulk-result")).toContainText("1 deleted");
  await expect(page.getByRole("heading", { name: "No executions yet" })).toBeVisible();
  expect((await page.request.get(`/api/v1/${t}/executions/${id}`)).status()).toBe(404);
});

test("a Viewer sees executions but no way to run or change them, and is told why", async ({ page }) => {
  const { users, tenants } = seed({
    users: { ada: {}, vic: {} },
    tenants: { acme: { admin: "ada", access: ["vic"] } },
    bindings: [{ tenant: "acme", user: "vic", role: "Viewer" }],
    flows: [{ tenant: "acme", namespace: "team.run", id: "plain" }],
  });
  const t = tenants.acme.id;
  await login(page.request, users.ada);
  expect((await page.request.post(`/api/v1/${t}/executions/team.run/plain?wait=true`, { data: {} })).ok()).toBe(true);
  await page.context().clearCookies();
  await login(page.request, users.vic);

  await page.goto(`/ui/${t}/flows/team.run/plain`);
  const execute = page.getByRole("button", { name: /^Execute/ });
  await expect(execute).toBeDisabled();
  await expect(execute).toHaveAttribute("title", "Running this flow needs EXECUTION:CREATE in namespace team.run.");
  await expect(page.getByText("Running this flow needs EXECUTION:CREATE in namespace team.run.", { exact: true })).toBeVisible();
  await page.goto(`/ui/${t}/flows`);
  await expect(page.getByTestId("flow-row").getByRole("button", { name: /^Execute/ })).toBeDisabled();

  await page.goto(`/ui/${t}/executions`);
  await expect(page.getByTestId("execution-row")).toHaveCount(1);
  // nothing to act with: no selection, no bulk buttons
  await expect(page.getByTestId("bulk-bar")).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Executions" })).toBeVisible();
  await shot(page, "viewer-list");
});
