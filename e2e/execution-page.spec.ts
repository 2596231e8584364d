import type { APIRequestContext } from "@playwright/test";
import { baseURL, OUTPUT_DIR } from "./support/env";
import { expect, login, test } from "./fixtures";
import { api, createFlow, openTab, pageState, run } from "./support/executions";

// The execution page as people use it: a flow started through the API, watched live until it
// pauses, its logs arriving, resumed from its form, then its Gantt rows, task-run details,
// outputs and an expression evaluated; and on another, kill, restart, replay and delete, with a
// Viewer who sees the page but whose buttons say what they lack.

const APPROVE = `id: approve
namespace: company.team
labels:
  team: ops
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: starting the run
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - id: comment
        type: STRING
        defaults: no comment
  - id: loop
    type: io.kestra.plugin.core.flow.ForEach
    values: ["a", "b"]
    tasks:
      - id: each
        type: io.kestra.plugin.core.log.Log
        message: "item {{ taskrun.value }}"
  - id: x
    type: io.kestra.plugin.core.debug.Return
    format: "approved: {{ outputs.wait.onResume.comment }}"
`;

const HOLD = `id: hold
namespace: company.team
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: holding
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
`;

async function start(request: APIRequestContext, t: string, yaml: string, flowId: string): Promise<string> {
  await createFlow(request, t, yaml);
  return run(request, t, "company.team", flowId);
}

const state = pageState;

test.describe("the execution page", () => {
  // each follows real executions through several states: the engine's pace, not the page's, sets the time
  test.describe.configure({ timeout: 90_000 });

  test("follows a run live to PAUSED, resumes it from its form, then shows its Gantt rows, logs, outputs and evaluates an expression", async ({ page, seed, playwright }) => {
    const { users, tenants, tokens } = seed({
      users: { ada: {} },
      tenants: { acme: { admin: "ada" }, other: { admin: "ada" } },
      tokens: [{ user: "ada", name: "run" }],
    });
    const t = tenants.acme.id;
    const request = await api(playwright, tokens.run);
    const id = await start(request, t, APPROVE, "approve");
    await login(page.request, users.ada);
    const url = `/ui/${t}/executions/company.team/approve/${id}`;
    expect((await page.goto(url))?.status()).toBe(200);
    // live: the page reaches PAUSED without a reload, and the logs stream in
    await expect(state(page)).toHaveAttribute("data-state", "PAUSED", { timeout: 20_000 });
    await expect(page.getByTestId("execution-overview")).toContainText("team: ops");
    await openTab(page, "Logs");
    await expect(page.getByTestId("log-line").filter({ hasText: "starting the run" })).toBeVisible();

    // resume with its onResume input
    await page.getByRole("button", { name: "Resume", exact: true }).click();
    const dialog = page.getByTestId("resume-dialog");
    await dialog.getByLabel("comment").fill("looks good");
    await dialog.getByRole("button", { name: "Resume" }).click();
    await expect(page.getByTestId("notice")).toContainText("Resumed");
    await expect(state(page)).toHaveAttribute("data-state", "SUCCESS", { timeout: 20_000 });
    // the stream kept going after the resume: the loop's lines arrived too
    await expect(page.getByTestId("log-line").filter({ hasText: "item b" })).toBeVisible();
    await page.getByLabel("Search the logs").fill("item a");
    await expect(page.getByTestId("log-line")).toHaveCount(1);
    await page.getByLabel("Search the logs").fill("");
    await page.getByLabel("Minimum level").selectOption("ERROR");
    await expect(page.getByText("No log line matches these filters.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Download" })).toHaveAttribute("href", `/api/v1/${t}/logs/${id}/download`);

    // the Gantt: one row per task run, the loop's children under it, closing it hides them
    await openTab(page, "Gantt");
    const rows = page.getByTestId("gantt-row");
    await expect(rows).toHaveCount(6);
    await expect(rows.filter({ hasText: "each" })).toHaveCount(2);
    await page.getByRole("button", { name: "Collapse loop" }).click();
    await expect(rows).toHaveCount(4);
    await page.getByRole("button", { name: "Expand loop" }).click();
    await expect(rows).toHaveCount(6);
    for (const row of await rows.all()) await expect(row).toHaveAttribute("data-state", "SUCCESS");
    await rows.filter({ hasText: /^x/ }).getByRole("button", { pressed: false }).click();
    const details = page.getByTestId("task-run-details");
    await expect(details.getByTestId("attempts")).toContainText("SUCCESS");
    await expect(details).toContainText("approved: looks good");
    await page.setViewportSize({ width: 1440, height: 900 });
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/execution-gantt.png`, fullPage: true });

    // the flow's graph, each task coloured by its task run's state
    await openTab(page, "Topology");
    await expect(page.locator('[data-testid="flow-graph"] [data-node="x"]').first()).toHaveAttribute("data-state", "SUCCESS");
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/execution-topology.png`, fullPage: true });

    // outputs per task run, and an expression evaluated against the execution
    await openTab(page, "Outputs");
    await expect(page.getByTestId("task-outputs").filter({ hasText: "approved: looks good" })).toBeVisible();
    const box = page.getByRole("form", { name: "Evaluate an expression" });
    await box.getByLabel("Expression").fill("{{ outputs.x.value }} / {{ outputs.each['b'] is defined }}");
    await box.getByRole("button", { name: "Evaluate" }).click();
    await expect(box.getByTestId("eval-result")).toContainText("approved: looks good");
    await box.getByLabel("Expression").fill("{{ secret('ANY') }}");
    await box.getByRole("button", { name: "Evaluate" }).click();
    await expect(box.getByTestId("eval-result")).toContainText("secrets are not available here");
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/execution-outputs.png`, fullPage: true });

    // a URL naming another flow, and the execution from another tenant, are not found
    for (const wrong of [`/ui/${t}/executions/company.team/other/${id}`, `/ui/${t}/executions/company/approve/${id}`, `/ui/${tenants.other.id}/executions/company.team/approve/${id}`]) {
      expect((await page.goto(wrong))?.status(), wrong).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    }
    await request.dispose();
  });

  test("kill, replay from a task run and delete with confirmations; a Viewer sees why the buttons are disabled", async ({ page, seed, playwright, browser }) => {
    const { users, tenants, tokens } = seed({
      users: { ada: {}, vic: {} },
      tenants: { acme: { admin: "ada", access: ["vic"] } },
      bindings: [{ tenant: "acme", user: "vic", role: "Viewer", namespace: "company" }],
      tokens: [{ user: "ada", name: "run" }],
    });
    const t = tenants.acme.id;
    const request = await api(playwright, tokens.run);
    const id = await start(request, t, HOLD, "hold");
    await login(page.request, users.ada);
    await page.goto(`/ui/${t}/executions/company.team/hold/${id}`);
    await expect(state(page)).toHaveAttribute("data-state", "PAUSED", { timeout: 20_000 });

    // a Viewer: the same page, the buttons disabled with the reason shown
    const viewer = await browser.newPage({ baseURL });
    await login(viewer.request, users.vic);
    await viewer.goto(`/ui/${t}/executions/company.team/hold/${id}`);
    await expect(viewer.getByRole("button", { name: "Kill" })).toBeDisabled();
    await expect(viewer.getByTestId("action-reasons")).toContainText("Kill needs EXECUTION:UPDATE in namespace company.team");

    // kill: confirmed, then KILLED live
    await page.getByRole("button", { name: "Kill" }).click();
    await page.getByTestId("confirm-dialog").getByRole("button", { name: "Kill" }).click();
    await expect(page.getByTestId("notice")).toContainText("Kill requested");
    await expect(state(page)).toHaveAttribute("data-state", "KILLED", { timeout: 20_000 });
    // the Viewer's page follows too
    await expect(viewer.getByTestId("execution-page")).toHaveAttribute("data-state", "KILLED", { timeout: 20_000 });
    await expect(viewer.getByTestId("action-reasons")).toContainText("Delete needs EXECUTION:DELETE");
    await viewer.close();

    // a killed execution offers Restart (the engine's restart is covered by its own tests)
    await expect(page.getByRole("button", { name: "Restart" })).toBeEnabled();

    // replay from a task run, from its details in the Gantt: a new execution, which names this one
    await openTab(page, "Gantt");
    await page.getByTestId("gantt-row").filter({ hasText: "wait" }).getByRole("button", { pressed: false }).click();
    await page.getByRole("button", { name: "Replay from here" }).click();
    await page.getByTestId("confirm-dialog").getByRole("button", { name: "Replay" }).click();
    await expect(page).not.toHaveURL(new RegExp(`${id}$`));
    await expect(page.getByTestId("execution-overview")).toContainText("Replay of");
    await expect(page.getByRole("link", { name: id })).toBeVisible();
    const replay = page.url().split("/").pop()!;
    expect(replay).not.toBe(id);
    await expect(state(page)).toHaveAttribute("data-state", "PAUSED", { timeout: 20_000 });

    // delete the original: confirmed, then gone
    await page.getByRole("link", { name: id }).click();
    await expect(state(page)).toHaveAttribute("data-state", "KILLED");
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByTestId("confirm-dialog").getByRole("button", { name: "Delete" }).click();
    await expect(page).toHaveURL(new RegExp(`/ui/${t}/executions\\?namespace=company.team&flowId=hold`));
    expect((await request.get(`/api/v1/${t}/executions/${id}`)).status()).toBe(404);
    expect((await page.goto(`/ui/${t}/executions/company.team/hold/${id}`))?.status()).toBe(404);
    await request.dispose();
  });
});
