import { readFile } from "node:fs/promises";
import { expect, login, test } from "./fixtures";
import { api, createFlow, executeFromForm, openTab, pageState, run, stateOf } from "./support/executions";

// Executions by role and by tenant: a Launcher who runs a flow but can neither kill nor delete its
// execution (in the page and through the API), a user bound to one namespace who sees only its
// executions, logs arriving on an open page, switching tenant from an execution page, and a FILE
// input uploaded through the Execute form.

const HOLD = `id: hold
namespace: company.team
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: holding
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
`;

// held by a Pause between its two lines, so that the first is seen while the execution has not
// ended, and the second arrives once the test resumes it (however long opening the page took)
const SLOW = `id: slow
namespace: company.team
tasks:
  - id: before
    type: io.kestra.plugin.core.log.Log
    message: first
  - id: hold
    type: io.kestra.plugin.core.flow.Pause
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: second
`;

const UPLOAD = `id: upload
namespace: company.team
inputs:
  - id: myfile
    type: FILE
    description: A text file
tasks:
  - id: show
    type: io.kestra.plugin.core.log.Log
    message: "content: {{ read(inputs.myfile) }}"
`;

const plain = (namespace: string, id: string) => `id: ${id}
namespace: ${namespace}
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: hi from ${namespace}
`;

test.describe("executions by role", () => {
  // each follows real executions through the engine: its pace, not the page's, sets the time
  test.describe.configure({ timeout: 90_000 });

  test("a Launcher runs a flow from its Execute form but can neither kill nor delete the execution, in the page or through the API", async ({ page, seed, playwright }) => {
    const { users, tenants, tokens } = seed({
      users: { ada: {}, lou: {} },
      tenants: { acme: { admin: "ada", access: ["lou"] } },
      bindings: [{ tenant: "acme", user: "lou", role: "Launcher" }],
      tokens: [
        { user: "ada", name: "admin" },
        { user: "lou", name: "launcher" },
      ],
    });
    const t = tenants.acme.id;
    const admin = await api(playwright, tokens.admin);
    const launcher = await api(playwright, tokens.launcher);
    await createFlow(admin, t, HOLD);

    await login(page.request, users.lou);
    await page.goto(`/ui/${t}/flows/company.team/hold`);
    const id = await executeFromForm(page, t, "company.team", "hold");
    await expect(pageState(page)).toHaveAttribute("data-state", "PAUSED", { timeout: 20_000 });
    expect((await (await admin.get(`/api/v1/${t}/executions/${id}`)).json()).trigger.kind).toBe("manual");

    // Kill: disabled, with the reason shown
    await expect(page.getByRole("button", { name: "Kill" })).toBeDisabled();
    await expect(page.getByTestId("action-reasons")).toContainText("Kill needs EXECUTION:UPDATE in namespace company.team");

    // the API refuses the Launcher's kill, with the token and with the session, and nothing changes
    for (const [how, request] of [
      ["token", launcher],
      ["session", page.request],
    ] as const) {
      const res = await request.delete(`/api/v1/${t}/executions/${id}/kill`);
      expect(res.status(), how).toBe(403);
      expect(JSON.stringify(await res.json()), how).toContain("EXECUTION:UPDATE");
    }
    expect(await stateOf(admin, t, id)).toBe("PAUSED");

    // ended (killed by the administrator): Delete is offered, disabled for the Launcher with its reason
    expect((await admin.delete(`/api/v1/${t}/executions/${id}/kill`)).status()).toBe(202);
    await expect(pageState(page)).toHaveAttribute("data-state", "KILLED", { timeout: 20_000 });
    await expect(page.getByRole("button", { name: "Delete" })).toBeDisabled();
    await expect(page.getByTestId("action-reasons")).toContainText("Delete needs EXECUTION:DELETE in namespace company.team");
    // a Launcher may start executions: Restart and Replay are theirs
    await expect(page.getByRole("button", { name: "Restart" })).toBeEnabled();
    const res = await launcher.delete(`/api/v1/${t}/executions/${id}`);
    expect(res.status()).toBe(403);
    expect(await stateOf(admin, t, id)).toBe("KILLED");
    await admin.dispose();
    await launcher.dispose();
  });

  test("a user bound to one namespace sees only the executions of it and its descendants, in the list and on the dashboard", async ({ page, seed, playwright }) => {
    const { users, tenants, tokens } = seed({
      users: { ada: {}, nia: {} },
      tenants: { acme: { admin: "ada", access: ["nia"] } },
      bindings: [{ tenant: "acme", user: "nia", role: "Viewer", namespace: "company.team" }],
      tokens: [{ user: "ada", name: "admin" }],
    });
    const t = tenants.acme.id;
    const admin = await api(playwright, tokens.admin);
    await createFlow(admin, t, plain("company.team", "mine"));
    await createFlow(admin, t, plain("company.team.sub", "below"));
    await createFlow(admin, t, plain("other.ns", "theirs"));
    const mine = await run(admin, t, "company.team", "mine", true);
    const below = await run(admin, t, "company.team.sub", "below", true);
    const theirs = await run(admin, t, "other.ns", "theirs", true);

    await login(page.request, users.nia);
    await page.goto(`/ui/${t}/executions`);
    const rows = page.getByTestId("execution-row");
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: mine.slice(0, 8) })).toContainText("company.team");
    await expect(rows.filter({ hasText: below.slice(0, 8) })).toContainText("company.team.sub");
    await expect(rows.filter({ hasText: theirs.slice(0, 8) })).toHaveCount(0);
    await expect(page.getByText("theirs", { exact: true })).toHaveCount(0);

    // the sibling namespace's execution, opened directly, is not found; their own is there
    expect((await page.goto(`/ui/${t}/executions/other.ns/theirs/${theirs}`))?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    expect((await page.request.get(`/api/v1/${t}/executions/${theirs}`)).status()).toBe(404);
    expect((await page.goto(`/ui/${t}/executions/company.team.sub/below/${below}`))?.status()).toBe(200);
    await expect(pageState(page)).toHaveAttribute("data-state", "SUCCESS");

    // the dashboard counts theirs only; the administrator's counts all three
    await page.goto(`/ui/${t}`);
    await expect(page.getByTestId("stats-count")).toContainText("2 executions started in the last 24 hours");
    await page.context().clearCookies();
    await login(page.request, users.ada);
    await page.goto(`/ui/${t}`);
    await expect(page.getByTestId("stats-count")).toContainText("3 executions started in the last 24 hours");
    await admin.dispose();
  });

  test("logs arrive on an open execution page as the execution goes on, without a reload, until SUCCESS", async ({ page, seed, playwright }) => {
    const { users, tenants, tokens } = seed({
      users: { ada: {} },
      tenants: { acme: { admin: "ada" } },
      tokens: [{ user: "ada", name: "admin" }],
    });
    const t = tenants.acme.id;
    const admin = await api(playwright, tokens.admin);
    await createFlow(admin, t, SLOW);
    await login(page.request, users.ada);
    const id = await run(admin, t, "company.team", "slow");
    await page.goto(`/ui/${t}/executions/company.team/slow/${id}`);
    // a mark on the document tells a client update from a reload
    await page.evaluate(() => ((window as unknown as { __mark: number }).__mark = 1));
    await openTab(page, "Logs");
    const lines = page.getByTestId("log-line");
    await expect(lines.filter({ hasText: "first" })).toBeVisible({ timeout: 20_000 });
    await expect(pageState(page)).toHaveAttribute("data-state", "PAUSED");
    await expect(lines.filter({ hasText: "second" })).toHaveCount(0);

    // resumed elsewhere: the page shows the next line as it is written
    expect((await admin.post(`/api/v1/${t}/executions/${id}/resume`, { data: {} })).status()).toBe(202);
    await expect(lines.filter({ hasText: "second" })).toBeVisible({ timeout: 30_000 });
    await expect(pageState(page)).toHaveAttribute("data-state", "SUCCESS", { timeout: 20_000 });
    expect(await page.evaluate(() => (window as unknown as { __mark?: number }).__mark)).toBe(1);
    expect(await stateOf(admin, t, id)).toBe("SUCCESS");
    await admin.dispose();
  });

  test("switching tenant from an execution page leads to the other tenant's executions", async ({ page, seed, playwright }) => {
    const { users, tenants, tokens } = seed({
      users: { eli: {} },
      tenants: { a: { admin: "eli" }, b: { admin: "eli" } },
      tokens: [{ user: "eli", name: "admin" }],
    });
    const admin = await api(playwright, tokens.admin);
    const [a, b] = [tenants.a.id, tenants.b.id];
    await createFlow(admin, a, plain("company.team", "alpha"));
    await createFlow(admin, b, plain("company.team", "beta"));
    const inA = await run(admin, a, "company.team", "alpha", true);
    const inB = await run(admin, b, "company.team", "beta", true);

    await login(page.request, users.eli);
    await page.goto(`/ui/${a}/executions/company.team/alpha/${inA}`);
    await expect(pageState(page)).toHaveAttribute("data-state", "SUCCESS");
    const switcher = page.getByTestId("tenant-switcher");
    await expect(async () => {
      await switcher.click();
      await expect(page.getByRole("listbox", { name: "Tenants" })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await page.locator(`[role="option"][data-tenant="${b}"]`).click();

    await expect(page).toHaveURL(new RegExp(`/ui/${b}/executions$`));
    await expect(page.getByRole("heading", { name: "Executions", exact: true })).toBeVisible();
    await expect(switcher).toContainText(tenants.b.name);
    const rows = page.getByTestId("execution-row");
    await expect(rows).toHaveCount(1);
    await expect(rows.filter({ hasText: inB.slice(0, 8) })).toContainText("beta");
    await expect(rows.filter({ hasText: inA.slice(0, 8) })).toHaveCount(0);
    await admin.dispose();
  });

  test("a FILE input uploaded through the Execute form reaches the execution, which reads what was sent, and downloads back from its page", async ({ page, seed, playwright }) => {
    const { users, tenants, tokens } = seed({
      users: { ada: {} },
      tenants: { acme: { admin: "ada" } },
      tokens: [{ user: "ada", name: "admin" }],
    });
    const t = tenants.acme.id;
    const admin = await api(playwright, tokens.admin);
    await createFlow(admin, t, UPLOAD);
    const content = `uploaded ${t} ${Date.now()}`;

    await login(page.request, users.ada);
    await page.goto(`/ui/${t}/flows/company.team/upload`);
    const id = await executeFromForm(page, t, "company.team", "upload", async (dialog) => {
      await dialog.getByLabel("myfile").setInputFiles({ name: "note.txt", mimeType: "text/plain", buffer: Buffer.from(content) });
    });
    await expect(pageState(page)).toHaveAttribute("data-state", "SUCCESS", { timeout: 20_000 });

    // the overview shows the input: the file stored with the execution
    const stored = `kestra:///company/team/upload/executions/${id}/`;
    await expect(page.getByTestId("execution-overview")).toContainText(stored);
    await expect(page.getByTestId("execution-overview")).toContainText("note.txt");
    const execution = await (await admin.get(`/api/v1/${t}/executions/${id}`)).json();
    expect(execution.inputs.myfile).toContain(stored);
    // and downloads it: the same bytes, under its name
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("execution-overview").getByRole("link", { name: "Download note.txt" }).click()]);
    expect(download.suggestedFilename()).toBe("note.txt");
    expect(await readFile(await download.path(), "utf8")).toBe(content);

    // the task read the uploaded bytes
    await openTab(page, "Logs");
    await expect(page.getByTestId("log-line").filter({ hasText: `content: ${content}` })).toBeVisible();
    await admin.dispose();
  });
});
