import type { Page } from "@playwright/test";
import { expect, login, seed, test } from "./fixtures";
import { createFlow } from "./support/executions";
import { OUTPUT_DIR } from "./support/env";

// Inputs in the browser beyond the plain ones: a conditional input (dependsOn) that the Execute
// form shows only while the inputs it depends on make its condition true; a Pause resumed from a
// form with the same fields as the Execute form (a date picker, a list, JSON, a file); and the executions
// list, which keeps showing what is started elsewhere while it stays open.

const CONDITIONAL = `id: conditional
namespace: team.run
inputs:
  - id: notify
    type: BOOLEAN
    defaults: false
  - id: channel
    type: SELECT
    values: [email, chat]
    defaults: email
    dependsOn:
      inputs: [notify]
      condition: "{{ inputs.notify }}"
  - id: address
    type: EMAIL
    displayName: Address
    dependsOn:
      inputs: [notify, channel]
      condition: "{{ inputs.channel == 'email' }}"
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "notify {{ inputs.notify }}"
`;

const APPROVE = `id: approve
namespace: team.run
tasks:
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - id: day
        type: DATE
      - id: hosts
        type: ARRAY
        itemType: STRING
      - id: config
        type: JSON
        required: false
      - id: report
        type: FILE
        required: false
  - id: done
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.wait.onResume.day }} on {{ outputs.wait.onResume.hosts | join(',') }}"
`;

const PLAIN = `id: plain
namespace: team.run
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: hello
`;

const addFlow = (page: Page, t: string, yaml: string) => createFlow(page.request, t, yaml);

type TaskRun = { taskId: string; state: { current: string }; outputs: Record<string, unknown> | null };

test.describe("inputs in the browser", () => {
  // real executions run: the engine's pace, not the page's, sets the time
  test.describe.configure({ timeout: 90_000 });

  test("a conditional input appears once the inputs it depends on make its condition true, and the execution starts with it", async ({ page }) => {
    const { users, tenants } = seed({ users: { ada: {} }, tenants: { acme: { admin: "ada" } } });
    const t = tenants.acme.id;
    await login(page.request, users.ada);
    await addFlow(page, t, CONDITIONAL);

    await page.goto(`/ui/${t}/flows/team.run/conditional`);
    await page.getByRole("button", { name: "Execute", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Execute conditional" });
    const notify = dialog.getByRole("switch", { name: "notify" });
    await expect(notify).toBeVisible();
    await expect(dialog.getByTestId("field-channel")).toHaveCount(0);
    await expect(dialog.getByTestId("field-address")).toHaveCount(0);

    // notify on: channel is asked for, and with its default (email) so is the address
    await notify.click();
    await expect(dialog.getByLabel("channel")).toHaveValue("email");
    await expect(dialog.getByLabel("Address")).toBeVisible();
    // another channel hides the address again; back to email shows it
    await dialog.getByLabel("channel").selectOption("chat");
    await expect(dialog.getByTestId("field-address")).toHaveCount(0);
    await dialog.getByLabel("channel").selectOption("email");
    await expect(dialog.getByLabel("Address")).toBeVisible();

    // a shown conditional input is checked as any other
    await dialog.getByRole("button", { name: "Execute", exact: true }).click();
    await expect(dialog.getByTestId("field-address").getByTestId("field-error")).toContainText("Required");
    await dialog.getByLabel("Address").fill("ops@example.com");
    // the message about the refused values goes with the edit that answers it
    await expect(dialog.getByText("Fix the highlighted fields")).toHaveCount(0);
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/execute-conditional.png` });
    await dialog.getByRole("button", { name: "Execute", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/ui/${t}/executions/team\\.run/conditional/[A-Za-z0-9_-]+$`));
    const id = page.url().split("/").at(-1)!;
    const started = await (await page.request.get(`/api/v1/${t}/executions/${id}`)).json();
    expect(started.inputs).toEqual({ notify: true, channel: "email", address: "ops@example.com" });
  });

  test("a Pause is resumed from a form with a date, a list, JSON and a file, and the execution reads them back", async ({ page }) => {
    const { users, tenants } = seed({ users: { ada: {} }, tenants: { acme: { admin: "ada" } } });
    const t = tenants.acme.id;
    await login(page.request, users.ada);
    await addFlow(page, t, APPROVE);
    const res = await page.request.post(`/api/v1/${t}/executions/team.run/approve`, { data: {} });
    expect(res.status()).toBe(201);
    const id = (await res.json()).id as string;

    await page.goto(`/ui/${t}/executions/team.run/approve/${id}`);
    await expect(page.getByTestId("execution-page")).toHaveAttribute("data-state", "PAUSED", { timeout: 20_000 });
    const dialog = page.getByTestId("resume-dialog");
    // a click before the page is hydrated opens nothing: clicked again until the dialog is open
    await expect(async () => {
      await page.getByRole("button", { name: "Resume", exact: true }).click();
      await expect(dialog).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    const day = dialog.getByLabel("day");
    await expect(day).toHaveAttribute("type", "date");

    // checked in the form before anything is sent
    await dialog.getByLabel("config").fill("{ broken");
    await dialog.getByRole("button", { name: "Resume" }).click();
    await expect(dialog.getByTestId("field-day").getByTestId("field-error")).toContainText("Required");
    await expect(dialog.getByTestId("field-config").getByTestId("field-error")).toContainText("JSON");
    await expect(page.getByTestId("execution-page")).toHaveAttribute("data-state", "PAUSED");

    await day.fill("2026-03-15");
    await expect(dialog.getByText("Fix the highlighted fields")).toHaveCount(0);
    await dialog.getByLabel("hosts").fill("web-1\nweb-2");
    await dialog.getByLabel("config").fill('{"retries": 2}');
    await dialog.getByLabel("report").setInputFiles({ name: "hosts.txt", mimeType: "text/plain", buffer: Buffer.from("web-1\nweb-2\n") });
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/resume-form.png` });
    await dialog.getByRole("button", { name: "Resume" }).click();
    await expect(page.getByTestId("notice")).toContainText("Resumed");
    await expect(page.getByTestId("execution-page")).toHaveAttribute("data-state", "SUCCESS", { timeout: 20_000 });

    const execution = await (await page.request.get(`/api/v1/${t}/executions/${id}`)).json();
    const runs = execution.taskRunList as TaskRun[];
    const report = `kestra:///team/run/approve/executions/${id}/inputs/report/hosts.txt`;
    expect(runs.find((r) => r.taskId === "wait")?.outputs).toEqual({ onResume: { day: "2026-03-15", hosts: ["web-1", "web-2"], config: { retries: 2 }, report } });
    expect(runs.find((r) => r.taskId === "done")?.outputs).toEqual({ value: "2026-03-15 on web-1,web-2" });
  });

  test("the executions list shows an execution started through the API while it stays open", async ({ page }) => {
    const { users, tenants } = seed({ users: { ada: {} }, tenants: { acme: { admin: "ada" } } });
    const t = tenants.acme.id;
    await login(page.request, users.ada);
    await addFlow(page, t, PLAIN);
    // one that has ended: nothing shown is running when the page opens
    expect((await page.request.post(`/api/v1/${t}/executions/team.run/plain?wait=true`, { data: {} })).ok()).toBe(true);

    await page.goto(`/ui/${t}/executions`);
    const rows = page.getByTestId("execution-row");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute("data-state", "SUCCESS");

    const res = await page.request.post(`/api/v1/${t}/executions/team.run/plain`, { data: {} });
    expect(res.status()).toBe(201);
    const id = (await res.json()).id as string;
    await expect(rows.filter({ hasText: id.slice(0, 8) })).toBeVisible({ timeout: 20_000 });
    await expect(rows).toHaveCount(2);
  });
});
