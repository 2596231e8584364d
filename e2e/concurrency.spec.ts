import { OUTPUT_DIR } from "./support/env";
import { expect, login, loginPage, test } from "./fixtures";
import { api, createFlow, pageState, run, stateOf } from "./support/executions";

// Concurrency limits as people meet them: an execution over its flow's limit waits QUEUED and its
// page says which limit it waits for and its place in that limit's queue, then it starts on its own
// when the slot frees; and a namespace's limit set from its settings tab holds the next one back.

const ONE_AT_A_TIME = `id: one_at_a_time
namespace: company.team
concurrency:
  limit: 1
tasks:
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
`;

const FREE = `id: free
namespace: company.team
tasks:
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
`;

test.describe("concurrency limits", () => {
  test.describe.configure({ timeout: 90_000 });

  test("the page of a QUEUED execution says which limit it waits for and its place, and it starts when the slot frees", async ({ page, seed, playwright }) => {
    const { users, tenants, tokens } = seed({ users: { ada: {} }, tenants: { acme: { admin: "ada" } }, tokens: [{ user: "ada", name: "run" }] });
    const t = tenants.acme.id;
    const request = await api(playwright, tokens.run);
    await createFlow(request, t, ONE_AT_A_TIME);
    const first = await run(request, t, "company.team", "one_at_a_time");
    await expect.poll(() => stateOf(request, t, first), { timeout: 20_000 }).toBe("PAUSED");
    const second = await run(request, t, "company.team", "one_at_a_time");
    const third = await run(request, t, "company.team", "one_at_a_time");
    await expect.poll(() => stateOf(request, t, third), { timeout: 20_000 }).toBe("QUEUED");

    await login(page.request, users.ada);
    await page.goto(`/ui/${t}/executions/company.team/one_at_a_time/${third}`);
    await expect(pageState(page)).toHaveAttribute("data-state", "QUEUED");
    const reason = page.getByTestId("queued-reason");
    await expect(reason).toContainText("Waiting for a slot");
    await expect(reason).toContainText("The flow's concurrency limit allows 1 execution at once (1 running)");
    await expect(reason).toContainText("number 2 in its queue");
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/concurrency/queued.png`, fullPage: true });

    // the page of the next one: first in line
    await page.goto(`/ui/${t}/executions/company.team/one_at_a_time/${second}`);
    await expect(page.getByTestId("queued-reason")).toContainText("number 1 in its queue");
    // the running one ends: the next one starts by itself, live on its page, and says no more
    expect((await request.post(`/api/v1/${t}/executions/${first}/resume`, { data: {} })).ok()).toBe(true);
    await expect(pageState(page)).toHaveAttribute("data-state", "PAUSED", { timeout: 20_000 });
    await expect(page.getByTestId("queued-reason")).toHaveCount(0);
    expect(await stateOf(request, t, third)).toBe("QUEUED");
    await request.dispose();
  });

  test("a namespace's limit set in its settings tab holds back the next execution under it", async ({ page, seed, playwright }) => {
    const { users, tenants, tokens } = seed({ users: { ada: {} }, tenants: { acme: { admin: "ada" } }, tokens: [{ user: "ada", name: "run" }] });
    const t = tenants.acme.id;
    const request = await api(playwright, tokens.run);
    await login(page.request, users.ada);
    expect((await page.request.post(`/api/v1/${t}/namespaces`, { data: { name: "company" } })).ok()).toBe(true);
    await page.goto(`/ui/${t}/namespaces/company?tab=settings`);
    const form = page.getByTestId("namespace-concurrency");
    await form.getByLabel("Executions at once").fill("0");
    await form.getByRole("button", { name: "Save concurrency limit" }).click();
    await expect(form).toContainText("Enter a whole number of at least 1");
    await form.getByLabel("Executions at once").fill("1");
    await form.getByRole("button", { name: "Save concurrency limit" }).click();
    await expect(form.getByRole("status")).toHaveText("Saved.");
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/concurrency/namespace-settings.png`, fullPage: true });

    await createFlow(request, t, FREE);
    const first = await run(request, t, "company.team", "free");
    await expect.poll(() => stateOf(request, t, first), { timeout: 20_000 }).toBe("PAUSED");
    const second = await run(request, t, "company.team", "free");
    await expect.poll(() => stateOf(request, t, second), { timeout: 20_000 }).toBe("QUEUED");
    await page.goto(`/ui/${t}/executions/company.team/free/${second}`);
    await expect(page.getByTestId("queued-reason")).toContainText("The concurrency limit of namespace company allows 1 execution at once");
    await request.dispose();
  });

  test("a superadmin sets a tenant's concurrency limit and weight in its edit form", async ({ page, seed }) => {
    const { users, tenants } = seed({ users: { root: { superadmin: true } }, tenants: { t: { admin: "root" } } });
    const id = tenants.t.id;
    await loginPage(page, users.root);
    await page.goto("/ui/admin/tenants");
    const row = page.locator(`[data-tenant-row="${id}"]`);
    await row.getByRole("button", { name: `Edit ${id}` }).click();
    const edit = page.getByRole("dialog", { name: `Edit tenant ${id}` });
    await edit.getByText("Executions", { exact: true }).click();
    await edit.getByLabel("Weight").fill("0");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit).toContainText("weight must be at least 1");
    await edit.getByLabel("Concurrency limit").fill("5");
    await edit.getByLabel("Weight").fill("3");
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/concurrency/tenant-form.png`, fullPage: true });
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit).toBeHidden();
    const tenant = await (await page.request.get(`/api/v1/tenants/${id}`)).json();
    expect(tenant).toMatchObject({ concurrencyLimit: 5, weight: 3 });
  });
});
