import { baseURL, OUTPUT_DIR } from "./support/env";
import { expect, loginPage, seed, test } from "./fixtures";

// The flow page's Topology tab: the saved flow as a graph (clusters, branches, errors), the flows
// around it, subflow nodes as links to the flows they run; and a large flow laid out in time.

const MAIN = `id: main
namespace: company.team
tasks:
  - id: fan
    type: io.kestra.plugin.core.flow.Parallel
    tasks:
      - { id: left, type: io.kestra.plugin.core.log.Log, message: left }
      - { id: right, type: io.kestra.plugin.core.log.Log, message: right }
  - id: check
    type: io.kestra.plugin.core.flow.If
    condition: "{{ true }}"
    then:
      - { id: call-child, type: io.kestra.plugin.core.flow.Subflow, namespace: company.team, flowId: child }
    else:
      - { id: skip, type: io.kestra.plugin.core.log.Log, message: skipped }
errors:
  - { id: alert, type: io.kestra.plugin.core.log.Log, message: failed }
triggers:
  - { id: nightly, type: io.kestra.plugin.core.trigger.Schedule, cron: "0 2 * * *" }
`;
const CHILD = `id: child\nnamespace: company.team\ntasks:\n  - { id: work, type: io.kestra.plugin.core.log.Log, message: working }\n`;

/** 120 tasks: groups of Sequential / Parallel / If with a Dag, a Switch and errors. */
function bigFlow() {
  const log = (id: string, pad: string) => `${pad}- { id: ${id}, type: io.kestra.plugin.core.log.Log, message: ${id} }`;
  const lines = ["id: big", "namespace: company.team", "tasks:"];
  for (let g = 0; g < 12; g++) {
    const kind = ["Sequential", "Parallel", "If"][g % 3];
    lines.push(`  - id: group${g}`, `    type: io.kestra.plugin.core.flow.${kind}`);
    if (kind === "If") {
      lines.push(`    condition: "{{ ${g} > 3 }}"`, "    then:");
      for (let i = 0; i < 5; i++) lines.push(log(`g${g}t${i}`, "      "));
      lines.push("    else:");
      for (let i = 5; i < 9; i++) lines.push(log(`g${g}t${i}`, "      "));
    } else {
      lines.push("    tasks:");
      for (let i = 0; i < 9; i++) lines.push(log(`g${g}t${i}`, "      "));
    }
  }
  lines.push("  - id: dag", "    type: io.kestra.plugin.core.flow.Dag", "    tasks:");
  for (let i = 0; i < 6; i++) lines.push(`      - task: { id: d${i}, type: io.kestra.plugin.core.log.Log, message: d }`, `        dependsOn: [${i ? `d${Math.floor((i - 1) / 2)}` : ""}]`);
  lines.push("errors:", log("on-error", "  "), "finally:", log("cleanup", "  "));
  return `${lines.join("\n")}\n`;
}

test("the topology tab draws the flow, its branches and the flows it runs, and lays out a large flow", async ({ page, playwright }) => {
  test.setTimeout(150_000);
  const { users, tenants, tokens } = seed({ users: { topo: {} }, tenants: { t: { admin: "topo" } }, tokens: [{ user: "topo", name: "topology" }] });
  const t = tenants.t.id;
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${tokens.topology}` } });
  for (const source of [CHILD, MAIN, bigFlow()]) {
    const res = await api.post(`/api/v1/${t}/flows`, { data: source, headers: { "content-type": "application/x-yaml" } });
    expect(res.status(), await res.text()).toBe(201);
  }
  await api.dispose();

  await loginPage(page, users.topo);
  await page.goto(`/ui/${t}/flows/company.team/main`);
  await page.getByRole("tab", { name: "Topology" }).click();
  await expect(page).toHaveURL(/\?tab=topology$/);
  const graph = page.getByTestId("flow-graph");
  // tasks by id, flowable tasks as clusters holding their children, the trigger as an entry
  for (const id of ["fan", "left", "right", "check", "call-child", "skip", "alert", "trigger:nightly"]) {
    await expect(graph.locator(`[data-node="${id}"]`)).toBeVisible();
  }
  await expect(graph.locator('[data-node="fan"]')).toHaveAttribute("data-kind", "cluster");
  await expect(graph.getByRole("img", { name: "left, log.Log" })).toBeVisible();
  // edges: the Parallel's fan-out, the If's labelled branches, errors dashed on failure
  await expect(graph.locator('[data-edge="fan:start->left"]')).toHaveCount(1);
  await expect(graph.locator('[data-edge="fan:start->right"]')).toHaveCount(1);
  await expect(graph.locator('[data-edge="check:start->call-child"]')).toContainText("then");
  await expect(graph.locator('[data-edge="check:start->skip"]')).toContainText("else");
  await expect(graph.locator('[data-edge="fan->check"]')).toHaveCount(1);
  await expect(graph.locator('[data-edge="check->:errors"]')).toHaveAttribute("data-kind", "error");
  // the flow it runs: a node of its own, and in the list below
  await expect(graph.locator('[data-node="flow:company.team/child"]')).toBeVisible();
  await expect(page.getByRole("region", { name: "Flows around it" }).getByRole("link", { name: "company.team.child" })).toBeVisible();
  // zoom buttons change the scale
  const zoom = graph.getByTestId("zoom-level");
  await expect(zoom).toHaveText(/^\d+%$/);
  const fitted = (await zoom.textContent())!;
  await graph.getByRole("button", { name: "Zoom out" }).click();
  await expect(zoom).not.toHaveText(fitted);
  await graph.getByRole("button", { name: "Fit" }).click();
  await expect(zoom).toHaveText(fitted);
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/topology/small.png`, fullPage: true });

  // the subflow node is a link to the flow it runs, whose own topology names its caller
  await graph.getByRole("link", { name: /^call-child, flow\.Subflow: open flow company\.team\.child$/ }).click();
  await expect(page).toHaveURL(new RegExp(`/ui/${t}/flows/company.team/child$`));
  await expect(page.getByRole("heading", { level: 1, name: "child" })).toBeVisible();
  await page.getByRole("tab", { name: "Topology" }).click();
  await expect(page.getByTestId("flow-graph").locator('[data-node="flow:company.team/main"]')).toBeVisible();

  // 120 tasks and more: laid out in the browser, the time it took measured
  await page.goto(`/ui/${t}/flows/company.team/big?tab=topology`);
  const big = page.getByTestId("flow-graph");
  // a layout that never ends fails here; how long a finished one took is printed, never judged (the
  // machine running the suite may be busy: a 129-task layout took 2.5 s on a loaded 2-core machine)
  await expect(big.locator('[data-node="cleanup"]')).toBeAttached({ timeout: 60_000 });
  const ms = Number(await big.getAttribute("data-layout-ms"));
  console.log(`topology of 129 tasks laid out in ${ms} ms`);
  expect(ms).toBeGreaterThan(0);
  expect(await big.locator('[data-kind="task"]').count()).toBe(116);
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/topology/big.png`, fullPage: true });
});
