import { OUTPUT_DIR } from "./support/env";
import { expect, login, test } from "./fixtures";
import { api, createFlow, openTab, pageState, run } from "./support/executions";

// A flow that calls another as a subflow, followed on the execution page: the parent lists the
// execution it started and its Subflow task run links to it with the child's state; the child's
// page links back to its parent.

const CHILD = `id: child
namespace: company.child
inputs:
  - id: name
    type: STRING
tasks:
  - id: greet
    type: io.kestra.plugin.core.debug.Return
    format: "hello {{ inputs.name }}"
outputs:
  - id: greeting
    type: STRING
    value: "{{ outputs.greet.value }}"
`;

const PARENT = `id: parent
namespace: company.team
tasks:
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: company.child
    flowId: child
    inputs:
      name: ada
  - id: after
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.call.outputs.greeting }}"
`;

const GATED = `id: gated
namespace: company.team
tasks:
  - id: gate
    type: io.kestra.plugin.core.flow.Pause
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: company.child
    flowId: child
    inputs:
      name: bob
`;

test.describe("subflows on the execution page", () => {
  test.describe.configure({ timeout: 90_000 });

  test("the parent links to the child it started, and the child back to its parent", async ({ page, seed, playwright }) => {
    const { users, tenants, tokens } = seed({
      users: { ada: {} },
      tenants: { acme: { admin: "ada" } },
      tokens: [{ user: "ada", name: "run" }],
    });
    const t = tenants.acme.id;
    const request = await api(playwright, tokens.run);
    await createFlow(request, t, CHILD);
    await createFlow(request, t, PARENT);
    const id = await run(request, t, "company.team", "parent", true);
    await login(page.request, users.ada);
    await page.setViewportSize({ width: 1440, height: 900 });

    expect((await page.goto(`/ui/${t}/executions/company.team/parent/${id}`))?.status()).toBe(200);
    await expect(pageState(page)).toHaveAttribute("data-state", "SUCCESS");
    const started = page.locator("section", { hasText: "Executions it started" });
    await expect(started).toContainText("company.child.child");
    await expect(started).toContainText("SUCCESS");
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/subflow-parent.png`, fullPage: true });

    // the Subflow's task run names its child, with the child's state, and links to it
    await openTab(page, "Gantt");
    await page.getByTestId("gantt-row").filter({ hasText: /^call/ }).getByRole("button", { pressed: false }).click();
    const child = page.getByTestId("task-run-details").getByTestId("subflow-execution");
    await expect(child).toContainText("company.child.child");
    await expect(child).toContainText("SUCCESS");
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/subflow-task-run.png`, fullPage: true });
    const childLink = child.getByRole("link");
    const childId = (await childLink.textContent())!.trim();
    await childLink.click();
    await expect(page).toHaveURL(new RegExp(`/ui/${t}/executions/company\\.child/child/${childId}$`));
    await expect(pageState(page)).toHaveAttribute("data-state", "SUCCESS");

    // the child: started by a subflow, its parent linked
    const overview = page.getByTestId("execution-overview");
    await expect(overview).toContainText("subflow");
    await expect(overview).toContainText("hello ada");
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/subflow-child.png`, fullPage: true });
    await overview.getByRole("link", { name: id }).click();
    await expect(page).toHaveURL(new RegExp(`/ui/${t}/executions/company\\.team/parent/${id}$`));
    await expect(page.locator("section", { hasText: "Executions it started" }).getByRole("link", { name: childId })).toBeVisible();
    await request.dispose();
  });

  test("an execution started while the page is open shows up in the list without a reload", async ({ page, seed, playwright }) => {
    const { users, tenants, tokens } = seed({
      users: { ada: {} },
      tenants: { acme: { admin: "ada" } },
      tokens: [{ user: "ada", name: "run" }],
    });
    const t = tenants.acme.id;
    const request = await api(playwright, tokens.run);
    await createFlow(request, t, CHILD);
    await createFlow(request, t, GATED);
    const id = await run(request, t, "company.team", "gated");
    await login(page.request, users.ada);
    expect((await page.goto(`/ui/${t}/executions/company.team/gated/${id}`))?.status()).toBe(200);
    await expect(pageState(page)).toHaveAttribute("data-state", "PAUSED", { timeout: 20_000 });
    const started = page.locator("section", { hasText: "Executions it started" });
    await expect(started).toHaveCount(0);
    await page.getByRole("button", { name: "Resume", exact: true }).click();
    await page.getByTestId("resume-dialog").getByRole("button", { name: "Resume" }).click();
    await expect(pageState(page)).toHaveAttribute("data-state", "SUCCESS", { timeout: 20_000 });
    await expect(started).toContainText("company.child.child");
    await expect(started.getByRole("link")).toHaveCount(1);
    await request.dispose();
  });
});
