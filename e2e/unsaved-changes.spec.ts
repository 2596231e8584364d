import type { Dialog, Page } from "@playwright/test";
import { expect, login, seed, test } from "./fixtures";

const LEAVE = "You have unsaved changes. Leave and lose them?";

/** Answers the next dialog and records it (kind and message), so a test can assert that it came. */
function answerNextDialog(page: Page, accept: boolean): Dialog[] {
  const seen: Dialog[] = [];
  page.once("dialog", async (d) => {
    seen.push(d);
    await (accept ? d.accept() : d.dismiss());
  });
  return seen;
}

/** Records every dialog (dismissing it): nothing is unsaved, so leaving must not ask. */
function watchDialogs(page: Page): () => string[] {
  const seen: string[] = [];
  const record = (d: Dialog) => {
    seen.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  };
  page.on("dialog", record);
  return () => (page.off("dialog", record), seen);
}

async function typeAtEndOf(page: Page, text: string, typed: string) {
  await page.locator(".cm-line", { hasText: text }).first().click();
  await page.keyboard.press("End");
  await page.keyboard.type(typed);
}

const sidebarLink = (page: Page, name: string) => page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name, exact: true });

test.describe("leaving an editor with unsaved changes asks first", () => {
  test.setTimeout(180_000);

  test("the flow editor: a sidebar link asks (staying keeps the text), a reload asks, a saved flow leaves freely", async ({ page }) => {
    const { users, tenants } = seed({
      users: { dev: {} },
      tenants: { acme: { access: ["dev"] } },
      bindings: [{ tenant: "acme", user: "dev", role: "Developer", namespace: "company.team" }],
      flows: [{ tenant: "acme", namespace: "company.team", id: "edited" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.dev);
    const flowPage = `/ui/${t}/flows/company.team/edited?tab=editor`;
    await page.goto(flowPage);
    await typeAtEndOf(page, "message: hi", " there");
    await expect(page.getByText("Unsaved changes")).toBeVisible();

    // staying: the page and the typed text remain
    const stay = answerNextDialog(page, false);
    await sidebarLink(page, "Namespaces").click();
    await expect.poll(() => stay.length).toBe(1);
    expect(stay[0].type()).toBe("confirm");
    expect(stay[0].message()).toBe(LEAVE);
    await expect(page).toHaveURL(new RegExp(`/flows/company.team/edited\\?tab=editor$`));
    await expect(page.locator(".cm-content")).toContainText("message: hi there");

    // switching the flow's own tabs keeps the text in the page: no question
    const noDialogs = watchDialogs(page);
    await page.getByRole("tab", { name: "Overview" }).click();
    await page.getByRole("tab", { name: "Editor" }).click();
    await expect(page.locator(".cm-content")).toContainText("message: hi there");
    // also the tabs whose content the server reads when they are opened (the page is read again)
    await page.getByRole("tab", { name: "Triggers" }).click();
    await expect(page).toHaveURL(new RegExp(`/flows/company.team/edited\\?tab=triggers$`));
    await expect(page.getByRole("tab", { name: "Triggers" })).toHaveAttribute("aria-selected", "true");
    await page.getByRole("tab", { name: "Executions" }).click();
    await expect(page).toHaveURL(new RegExp(`/flows/company.team/edited\\?tab=executions$`));
    await expect(page.getByRole("heading", { name: "This flow has not run yet" })).toBeVisible();
    await page.getByRole("tab", { name: "Editor" }).click();
    await expect(page.locator(".cm-content")).toContainText("message: hi there");
    expect(noDialogs()).toEqual([]);

    // a reload asks through the browser's own prompt; accepting it drops the edit
    const reload = answerNextDialog(page, true);
    await page.reload();
    expect(reload.map((d) => d.type())).toEqual(["beforeunload"]);
    await expect(page.locator(".cm-content")).toContainText("message: hi");
    await expect(page.locator(".cm-content")).not.toContainText("hi there");

    // leaving: a confirmed link goes on
    await typeAtEndOf(page, "message: hi", " again");
    const leave = answerNextDialog(page, true);
    await sidebarLink(page, "Namespaces").click();
    await expect(page).toHaveURL(new RegExp(`/ui/${t}/namespaces$`));
    expect(leave.map((d) => d.message())).toEqual([LEAVE]);

    // once saved, neither a link nor a reload asks
    await page.goto(flowPage);
    await typeAtEndOf(page, "message: hi", " saved");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("save-notice")).toHaveText("Saved revision 2");
    const noMore = watchDialogs(page);
    await page.reload();
    await expect(page.locator(".cm-content")).toContainText("message: hi saved");
    await sidebarLink(page, "Namespaces").click();
    await expect(page).toHaveURL(new RegExp(`/ui/${t}/namespaces$`));
    expect(noMore()).toEqual([]);
  });

  test("switching tenant from a flow with unsaved changes asks first", async ({ page }) => {
    const { users, tenants } = seed({
      users: { eli: {} },
      tenants: { a: { admin: "eli" }, b: { admin: "eli" } },
      flows: [{ tenant: "a", namespace: "company.team", id: "edited" }],
    });
    await login(page.request, users.eli);
    await page.goto(`/ui/${tenants.a.id}/flows/company.team/edited?tab=editor`);
    await typeAtEndOf(page, "message: hi", " there");
    const chooseB = async () => {
      await page.getByTestId("tenant-switcher").click();
      await page.getByRole("listbox", { name: "Tenants" }).locator(`[data-tenant="${tenants.b.id}"]`).click();
    };

    const stay = answerNextDialog(page, false);
    await chooseB();
    await expect.poll(() => stay.map((d) => d.message())).toEqual([LEAVE]);
    await expect(page.getByTestId("tenant-switcher")).toContainText(tenants.a.name);
    await expect(page.locator(".cm-content")).toContainText("message: hi there");
    await page.getByRole("tab", { name: "Overview" }).click();
    await expect(page).toHaveURL(new RegExp(`/ui/${tenants.a.id}/flows/company.team/edited$`));

    const leave = answerNextDialog(page, true);
    await chooseB();
    await expect(page).toHaveURL(new RegExp(`/ui/${tenants.b.id}/flows`));
    expect(leave).toHaveLength(1);
  });

  test("a new flow's editor asks before a link drops the typed text", async ({ page }) => {
    const { users, tenants } = seed({
      users: { dev: {} },
      tenants: { acme: { access: ["dev"] } },
      bindings: [{ tenant: "acme", user: "dev", role: "Developer", namespace: "company.team" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.dev);
    await page.goto(`/ui/${t}/flows/new?namespace=company.team`);
    await expect(page.locator(".cm-content")).toBeVisible();
    // untouched, the template leaves freely
    const noDialogs = watchDialogs(page);
    await sidebarLink(page, "Flows").click();
    await expect(page).toHaveURL(new RegExp(`/ui/${t}/flows$`));
    expect(noDialogs()).toEqual([]);

    await page.goto(`/ui/${t}/flows/new?namespace=company.team`);
    await page.locator(".cm-content").click();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type("\n# my notes");
    const stay = answerNextDialog(page, false);
    await sidebarLink(page, "Flows").click();
    await expect.poll(() => stay.length).toBe(1);
    await expect(page).toHaveURL(/\/flows\/new/);
    await expect(page.locator(".cm-content")).toContainText("# my notes");
  });

  test("the namespace variables tab asks before another tab or a sidebar link, and on reload", async ({ page }) => {
    const { users, tenants } = seed({ users: { admin: {} }, tenants: { acme: { admin: "admin" } } });
    const t = tenants.acme.id;
    await login(page.request, users.admin);
    await page.request.post(`/api/v1/${t}/namespaces`, { data: { name: "company" } });
    await page.request.put(`/api/v1/${t}/namespaces/company`, { data: { variables: { region: "eu-west-1" } } });
    await page.goto(`/ui/${t}/namespaces/company?tab=variables`);
    await typeAtEndOf(page, "region: eu-west-1", "x");
    await expect(page.getByText("Unsaved changes")).toBeVisible();

    const stay = answerNextDialog(page, false);
    await page.getByRole("tab", { name: "Plugin defaults" }).click();
    await expect.poll(() => stay.map((d) => d.message())).toEqual([LEAVE]);
    await expect(page).toHaveURL(/tab=variables$/);
    await expect(page.getByTestId("variables-editor")).toContainText("region: eu-west-1x");

    const staySidebar = answerNextDialog(page, false);
    await sidebarLink(page, "Flows").click();
    await expect.poll(() => staySidebar.length).toBe(1);
    await expect(page).toHaveURL(/tab=variables$/);

    // a reload asks through the browser's own prompt; accepted, the page comes back with the saved text
    const reload = answerNextDialog(page, true);
    await page.reload();
    expect(reload.map((d) => d.type())).toEqual(["beforeunload"]);
    await expect(page.getByTestId("variables-editor")).toContainText("region: eu-west-1");
    await expect(page.getByTestId("variables-editor")).not.toContainText("eu-west-1x");
    await typeAtEndOf(page, "region: eu-west-1", "y");

    const leave = answerNextDialog(page, true);
    await page.getByRole("tab", { name: "Plugin defaults" }).click();
    await expect(page).toHaveURL(/tab=plugin-defaults$/);
    expect(leave).toHaveLength(1);
    expect((await (await page.request.get(`/api/v1/${t}/namespaces/company`)).json()).variables).toEqual({ region: "eu-west-1" });
  });

  test("the namespace settings tab asks before a link drops an unsaved allowed-namespaces list; saved, it does not", async ({ page }) => {
    const { users, tenants } = seed({ users: { admin: {} }, tenants: { acme: { admin: "admin" } } });
    const t = tenants.acme.id;
    await login(page.request, users.admin);
    await page.request.post(`/api/v1/${t}/namespaces`, { data: { name: "company" } });
    await page.goto(`/ui/${t}/namespaces/company?tab=settings`);
    const allowed = page.getByTestId("allowed-namespaces");
    await allowed.getByLabel("Only these namespaces").check();
    await allowed.getByLabel("Namespace to allow").fill("company.data");
    await allowed.getByLabel("Namespace to allow").press("Enter");

    const stay = answerNextDialog(page, false);
    await page.getByRole("tab", { name: "Variables" }).click();
    await expect.poll(() => stay.map((d) => d.message())).toEqual([LEAVE]);
    await expect(page.getByRole("list", { name: "Allowed namespaces" })).toContainText("company.data");

    await allowed.getByRole("button", { name: "Save allowed namespaces" }).click();
    await expect(allowed.getByRole("status")).toHaveText("Saved.");
    const noDialogs = watchDialogs(page);
    await page.getByRole("tab", { name: "Variables" }).click();
    await expect(page).toHaveURL(/tab=variables$/);
    expect(noDialogs()).toEqual([]);
  });

  test("the namespace file editor asks before another file, closing, or a reload drops the edit", async ({ page }) => {
    const { users, tenants } = seed({
      users: { dev: {} },
      tenants: { acme: { access: ["dev"] } },
      bindings: [{ tenant: "acme", user: "dev", role: "Developer", namespace: "company.team" }],
      // a flow makes the namespace exist (its page is a 404 otherwise)
      flows: [{ tenant: "acme", namespace: "company.team", id: "uses-files" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.dev);
    for (const [name, body] of [["a.yml", "first: 1\n"], ["b.yml", "second: 2\n"]]) {
      const put = await page.request.put(`/api/v1/${t}/namespaces/company.team/files/${name}`, { data: body, headers: { "content-type": "application/octet-stream" } });
      expect(put.ok()).toBe(true);
    }
    await page.goto(`/ui/${t}/namespaces/company.team?tab=files`);
    await page.getByTestId("file-row").getByRole("button", { name: "a.yml", exact: true }).click();
    const editor = page.getByTestId("file-editor");
    await expect(editor).toContainText("first: 1");
    await typeAtEndOf(page, "first: 1", "1");

    const stayOnFile = answerNextDialog(page, false);
    await page.getByTestId("file-row").getByRole("button", { name: "b.yml", exact: true }).click();
    await expect.poll(() => stayOnFile.map((d) => d.message())).toEqual([LEAVE]);
    await expect(editor).toContainText("first: 11");

    const stayOpen = answerNextDialog(page, false);
    await page.getByRole("button", { name: "Close file" }).click();
    await expect.poll(() => stayOpen.length).toBe(1);
    await expect(editor).toContainText("first: 11");

    const stayTab = answerNextDialog(page, false);
    await page.getByRole("tab", { name: "Variables" }).click();
    await expect.poll(() => stayTab.length).toBe(1);
    await expect(page).toHaveURL(/tab=files$/);
    await expect(editor).toContainText("first: 11");

    const reload = answerNextDialog(page, true);
    await page.reload();
    expect(reload.map((d) => d.type())).toEqual(["beforeunload"]);
    expect(await (await page.request.get(`/api/v1/${t}/namespaces/company.team/files/a.yml`)).text()).toBe("first: 1\n");

    // an untouched file switches freely
    const noDialogs = watchDialogs(page);
    await page.getByTestId("file-row").getByRole("button", { name: "a.yml", exact: true }).click();
    await expect(editor).toContainText("first: 1");
    await page.getByTestId("file-row").getByRole("button", { name: "b.yml", exact: true }).click();
    await expect(page.getByTestId("file-editor")).toContainText("second: 2");
    expect(noDialogs()).toEqual([]);
  });
});
