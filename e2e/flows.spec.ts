import type { Page, Request } from "@playwright/test";
import { baseURL } from "./support/env";
import { expect, login, seed, test } from "./fixtures";

const flowUrl = (t: string, namespace: string, id: string) => `/api/v1/${t}/flows/${namespace}/${id}`;

/** Puts the cursor at the end of the first editor line containing `text`, then types. */
async function typeAtEndOf(page: Page, text: string, typed: string) {
  await page.locator(".cm-line", { hasText: text }).first().click();
  await page.keyboard.press("End");
  await page.keyboard.type(typed);
}

test.describe("the flow editor", () => {
  test("a stale save shows the conflict banner and keeps the typed text", async ({ page }) => {
    const { users, tenants } = seed({
      users: { dev: {} },
      tenants: { acme: { access: ["dev"] } },
      bindings: [{ tenant: "acme", user: "dev", role: "Developer", namespace: "company.team" }],
      flows: [{ tenant: "acme", namespace: "company.team", id: "shared-flow" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.dev);
    await page.goto(`/ui/${t}/flows/company.team/shared-flow?tab=editor`);
    await expect(page.getByText("Editing from revision 1")).toBeVisible();
    await typeAtEndOf(page, "message: hi", " from the browser");

    // meanwhile, someone else saves through the API
    const theirs = "id: shared-flow\nnamespace: company.team\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: theirs\n";
    const put = await page.request.put(flowUrl(t, "company.team", "shared-flow"), {
      headers: { "content-type": "application/x-yaml", "if-match": '"1"' },
      data: theirs,
    });
    expect(put.status()).toBe(200);

    await page.getByRole("button", { name: "Save", exact: true }).click();
    const banner = page.getByTestId("conflict-banner");
    await expect(banner).toContainText("This flow was changed by someone else (now revision 2).");
    await expect(banner).toContainText("Your text is kept; reload to see their version or copy your changes");
    await expect(page.locator(".cm-content")).toContainText("message: hi from the browser");
    await expect(page.getByTestId("save-notice")).toHaveCount(0);
    const after = await (await page.request.get(flowUrl(t, "company.team", "shared-flow"))).json();
    expect(after.revision).toBe(2);
    expect(after.source).toBe(theirs);

    // reloading their version replaces the text; saving on top of it then works
    await banner.getByRole("button", { name: "Reload their version (revision 2)" }).click();
    await expect(page.locator(".cm-content")).toContainText("message: theirs");
    await typeAtEndOf(page, "message: theirs", " and mine");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("save-notice")).toHaveText("Saved revision 3");
  });

  test("an invalid edit is marked at its line while typing, and Save is refused with the problems listed", async ({ page }) => {
    const { users, tenants } = seed({
      users: { dev: {} },
      tenants: { acme: { access: ["dev"] } },
      bindings: [{ tenant: "acme", user: "dev", role: "Editor", namespace: "company.team" }],
      flows: [{ tenant: "acme", namespace: "company.team", id: "to-break" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.dev);
    await page.goto(`/ui/${t}/flows/company.team/to-break?tab=editor`);
    await expect(page.getByTestId("problem-list-empty")).toBeVisible();
    // line 5 is the task's type
    await typeAtEndOf(page, "type: io.kestra.plugin.core.log.Log", "Typo");

    await expect(page.locator(".cm-lintRange-error")).toHaveCount(1);
    await expect(page.locator(".cm-gutter-lint .cm-lint-marker-error")).toHaveCount(1);
    const live = page.getByTestId("problem-list");
    await expect(live).toContainText("Line 5");
    await expect(live).toContainText('unknown task type "io.kestra.plugin.core.log.LogTypo"');

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("save-refused")).toContainText("The flow has 1 problem");
    await expect(page.getByTestId("problem-list")).toContainText("Line 5");
    await expect(page.getByTestId("problem-list")).toContainText("tasks[0].type");
    await expect(page.locator(".cm-content")).toContainText("LogTypo");
    const api = await (await page.request.get(flowUrl(t, "company.team", "to-break"))).json();
    expect(api.revision).toBe(1);
    expect(api.source).not.toContain("LogTypo");

    // changing the namespace is refused by the server (the validator alone would accept it)
    await page.getByRole("button", { name: "Discard changes" }).click();
    await typeAtEndOf(page, "namespace: company.team", ".other");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("problem-list")).toContainText("The namespace of a saved flow cannot change");
    await expect(page.getByTestId("problem-list")).toContainText("Line 2");
    await expect(page.locator(".cm-lintRange-error")).toHaveCount(1);
    await expect(page.locator(".cm-lintRange-error")).toHaveText("namespace: company.team.other");
  });

  test("a malformed expression is marked as a warning at its line while typing, and the flow still saves", async ({ page }) => {
    const { users, tenants } = seed({
      users: { dev: {} },
      tenants: { acme: { access: ["dev"] } },
      bindings: [{ tenant: "acme", user: "dev", role: "Editor", namespace: "company.team" }],
      flows: [{ tenant: "acme", namespace: "company.team", id: "templated" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.dev);
    await page.goto(`/ui/${t}/flows/company.team/templated?tab=editor`);
    await expect(page.getByTestId("problem-list-empty")).toBeVisible();
    // line 6 is the Log task's message
    await typeAtEndOf(page, "message: hi", " {{ outputs.x | }}");
    await expect(page.locator(".cm-content")).toContainText("message: hi {{ outputs.x | }}");
    const live = page.getByTestId("problem-list");
    await expect(live).toContainText("1 warning: the flow can be saved");
    await expect(live).toContainText("Line 6");
    await expect(page.locator(".cm-lintRange-warning")).toHaveCount(1);
    await expect(page.locator(".cm-lintRange-error")).toHaveCount(0);

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(async () => (await (await page.request.get(flowUrl(t, "company.team", "templated"))).json()).revision).toBe(2);
    await expect(page.getByTestId("save-refused")).toHaveCount(0);
  });

  test("a Viewer sees no Save, Delete or Restore, and a forged save action from their session changes nothing", async ({ page }) => {
    const { users, tenants } = seed({
      users: { editor: {}, viewer: {} },
      tenants: { acme: { access: ["editor", "viewer"] } },
      bindings: [
        { tenant: "acme", user: "editor", role: "Editor", namespace: "company.team" },
        { tenant: "acme", user: "viewer", role: "Viewer", namespace: "company.team" },
      ],
      flows: [
        { tenant: "acme", namespace: "company.team", id: "capture" },
        { tenant: "acme", namespace: "company.team", id: "target" },
      ],
    });
    const t = tenants.acme.id;

    // an Editor's real save, to learn the action's id and body
    await login(page.request, users.editor);
    await page.goto(`/ui/${t}/flows/company.team/capture?tab=editor`);
    const saveRequest = new Promise<Request>((resolve) =>
      page.on("request", (r) => {
        if (r.method() === "POST" && r.headers()["next-action"]) resolve(r);
      }),
    );
    await typeAtEndOf(page, "message: hi", " again");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("save-notice")).toHaveText("Saved revision 2");
    const captured = await saveRequest;
    const actionId = captured.headers()["next-action"];
    const body = captured.postData()!;
    expect(body).toContain('"baseRevision":1');

    // the Viewer sees the flow without the controls
    await page.context().clearCookies();
    await login(page.request, users.viewer);
    await page.goto(`/ui/${t}/flows/company.team/target`);
    await expect(page.getByRole("heading", { name: "target" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Delete", exact: true })).toHaveCount(0);
    await page.getByRole("tab", { name: "Editor" }).click();
    await expect(page.getByTestId("read-only-notice")).toContainText("FLOW:UPDATE");
    await expect(page.locator(".cm-content")).toHaveAttribute("contenteditable", "false");
    await expect(page.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
    await page.getByRole("tab", { name: /Revisions/ }).click();
    await expect(page.getByTestId("flow-revisions")).toBeVisible();
    await expect(page.getByRole("button", { name: "Restore as new revision" })).toHaveCount(0);

    // the forged call: the Editor's request, aimed at the Viewer's flow, from the Viewer's session
    const forged = body.replaceAll("capture", "target");
    const res = await page.request.post(`/ui/${t}/flows/company.team/target`, {
      headers: {
        "next-action": actionId,
        "content-type": captured.headers()["content-type"],
        accept: "text/x-component",
        origin: baseURL,
      },
      data: forged,
    });
    const answer = await res.text();
    expect(answer).toContain('"ok":false');
    expect(answer).toContain("Missing permission FLOW:UPDATE in namespace company.team");
    expect(answer).not.toContain('"ok":true');

    const flow = await (await page.request.get(flowUrl(t, "company.team", "target"))).json();
    expect(flow.revision).toBe(1);
    expect(flow.source).not.toContain("again");
    const revisions = await (await page.request.get(`${flowUrl(t, "company.team", "target")}/revisions`)).json();
    expect(revisions.total).toBe(1);
  });

  test("a new flow starts from a template in the filtered namespace, and can be restored and deleted", async ({ page }) => {
    const { users, tenants } = seed({
      users: { dev: {} },
      tenants: { acme: { access: ["dev"] } },
      bindings: [{ tenant: "acme", user: "dev", role: "Developer", namespace: "marketing" }],
      flows: [{ tenant: "acme", namespace: "marketing", id: "existing" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.dev);
    await page.goto(`/ui/${t}/flows?namespace=marketing`);
    await page.getByRole("link", { name: "New flow" }).first().click();
    await expect(page).toHaveURL(new RegExp(`/ui/${t}/flows/new\\?namespace=marketing$`));
    await expect(page.locator(".cm-content")).toContainText("namespace: marketing");
    await expect(page.locator(".cm-content")).toContainText("io.kestra.plugin.core.log.Log");
    await expect(page.getByTestId("problem-list-empty")).toBeVisible();
    await page.getByRole("button", { name: "Create flow" }).click();

    await expect(page).toHaveURL(new RegExp(`/ui/${t}/flows/marketing/new_flow\\?created=1$`));
    await expect(page.getByText("Created marketing.new_flow (revision 1)")).toBeVisible();
    await expect(page.getByTestId("flow-overview")).toContainText("hello");

    // a second revision, then restore the first as revision 3
    await page.getByRole("tab", { name: "Editor" }).click();
    await typeAtEndOf(page, "description: A new flow", " for emails");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("save-notice")).toHaveText("Saved revision 2");
    await page.getByRole("tab", { name: /Revisions/ }).click();
    await page
      .getByRole("row")
      .filter({ has: page.getByRole("checkbox", { name: "Compare revision 1", exact: true }) })
      .getByRole("button", { name: "Restore as new revision" })
      .click();
    await page.getByRole("dialog").getByRole("button", { name: "Restore as new revision" }).click();
    await expect(page.getByText("Restored revision 1 as revision 3")).toBeVisible();
    await expect(page.getByTestId("current-revision")).toHaveText("3");
    const restored = await (await page.request.get(flowUrl(t, "marketing", "new_flow"))).json();
    expect(restored.source).toContain("description: A new flow\n");

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("Delete new_flow?");
    await dialog.getByRole("button", { name: "Delete flow" }).click();
    await expect(page).toHaveURL(new RegExp(`/ui/${t}/flows\\?namespace=marketing$`));
    await expect(page.getByTestId("flows-table")).not.toContainText("new_flow");
    expect((await page.request.get(flowUrl(t, "marketing", "new_flow"))).status()).toBe(404);
  });
});

test.describe("the flows list", () => {
  test("filters live in the URL, survive reload, and pagination counts every flow", async ({ page }) => {
    const flows = [
      ...Array.from({ length: 22 }, (_, i) => ({ namespace: "a", id: `flow-${String(i + 1).padStart(2, "0")}` })),
      { namespace: "a", id: "xyz-loader", description: "Loads things" },
      { namespace: "a.sub", id: "sub-report", description: "Mentions xyz in its description", labels: { env: "prod" } },
      { namespace: "a.sub", id: "sub-other", labels: { env: "dev" } },
      { namespace: "ab", id: "xyz-sibling" },
      { namespace: "b", id: "xyz-elsewhere", labels: { env: "prod" } },
      { namespace: "b", id: "b-two" },
      { namespace: "b", id: "b-three" },
      { namespace: "c", id: "c-one" },
    ];
    expect(flows).toHaveLength(30);
    const { users, tenants } = seed({
      users: { ann: {} },
      tenants: { acme: { admin: "ann" } },
      flows: flows.map((f) => ({ tenant: "acme", ...f })),
    });
    const t = tenants.acme.id;
    await login(page.request, users.ann);
    const rows = page.getByTestId("flow-row");

    await page.goto(`/ui/${t}/flows?q=xyz&namespace=a`);
    await expect(page.getByRole("combobox", { name: /Namespace/ })).toHaveValue("a");
    await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("xyz");
    await expect(rows).toHaveCount(2);
    await expect(page.getByTestId("flows-table")).toContainText("xyz-loader");
    await expect(page.getByTestId("flows-table")).toContainText("sub-report");
    await expect(page.getByTestId("flows-total")).toHaveText("Showing 1–2 of 2 flows");

    // the closed picker names the whole namespace, not its last segment
    await page.goto(`/ui/${t}/flows?namespace=a.sub`);
    await expect(page.getByRole("combobox", { name: /Namespace/ }).locator("option:checked")).toHaveText(/^\s*a\.sub \(2\)$/);
    await page.goto(`/ui/${t}/flows?q=xyz&namespace=a`);

    // typing a search updates the URL, keeps the namespace, and survives a reload
    await page.getByRole("searchbox", { name: "Search" }).fill("sub");
    await expect(page).toHaveURL(new RegExp(`/ui/${t}/flows\\?q=sub&namespace=a$`));
    await expect(rows).toHaveCount(2);
    await expect(page.getByTestId("flows-table")).toContainText("sub-other");
    await page.reload();
    await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("sub");
    await expect(rows).toHaveCount(2);

    // a label filter, added by clicking a label chip
    await page.getByRole("button", { name: "Filter by label env:prod" }).click();
    await expect(page).toHaveURL(/label=env%3Aprod/);
    await expect(rows).toHaveCount(1);
    await expect(page.getByTestId("flows-table")).toContainText("sub-report");
    await page.goto(`/ui/${t}/flows?label=env:prod`);
    await expect(rows).toHaveCount(2);
    await expect(page.getByTestId("label-filters")).toContainText("env:prod");

    // no match for the filters vs. no flows at all
    await page.goto(`/ui/${t}/flows?q=nothing-like-this`);
    await expect(page.getByRole("heading", { name: "No flows match these filters" })).toBeVisible();
    await page.getByRole("button", { name: "Clear filters" }).last().click();
    await expect(page).toHaveURL(new RegExp(`/ui/${t}/flows$`));

    // 30 flows: 25 on the first page, 5 on the second
    await expect(page.getByTestId("flows-total")).toHaveText("Showing 1–25 of 30 flows");
    await expect(rows).toHaveCount(25);
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page).toHaveURL(/\?page=2$/);
    await expect(page.getByTestId("flows-total")).toHaveText("Showing 26–30 of 30 flows");
    await expect(rows).toHaveCount(5);
    await page.goBack();
    await expect(rows).toHaveCount(25);

    // sorting by id, then reversed
    await page.getByRole("button", { name: "Flow", exact: true }).click();
    await expect(page).toHaveURL(/sort=id/);
    await expect(rows.first()).toContainText("b-three");
    await page.getByRole("button", { name: "Flow", exact: true }).click();
    await expect(page).toHaveURL(/sort=-id/);
    await expect(rows.first()).toContainText("xyz-sibling");
  });

  test("a tenant without flows says so, and offers New flow only to who may create", async ({ page }) => {
    const { users, tenants } = seed({
      users: { ann: {}, val: {} },
      tenants: { empty: { admin: "ann", access: ["val"] } },
      bindings: [{ tenant: "empty", user: "val", role: "Viewer" }],
    });
    await login(page.request, users.ann);
    await page.goto(`/ui/${tenants.empty.id}/flows`);
    await expect(page.getByRole("heading", { name: "No flows yet" })).toBeVisible();
    await expect(page.getByRole("link", { name: "New flow" })).toHaveCount(2);
    await page.context().clearCookies();
    await login(page.request, users.val);
    await page.goto(`/ui/${tenants.empty.id}/flows`);
    await expect(page.getByRole("heading", { name: "No flows yet" })).toBeVisible();
    await expect(page.getByRole("link", { name: "New flow" })).toHaveCount(0);
  });
});
