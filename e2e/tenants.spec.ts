import crypto from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, loginPage, seed, test } from "./fixtures";

const unique = (prefix: string) => `${prefix}-${crypto.randomBytes(3).toString("hex")}`;

const switcher = (page: Page) => page.getByTestId("tenant-switcher");
const listbox = (page: Page) => page.getByRole("listbox", { name: "Tenants" });
const option = (page: Page, id: string) => page.locator(`[role="option"][data-tenant="${id}"]`);
const dropdownIds = (page: Page) => page.getByRole("listbox", { name: "Tenants" }).getByRole("option").evaluateAll((els) => els.map((e) => e.getAttribute("data-tenant")));

/** Marks the document, so that a test can tell a reload (the mark is gone) from a client update. */
const markDocument = (page: Page) => page.evaluate(() => ((window as unknown as { __mark: number }).__mark = 1));
const documentMarked = (page: Page) => page.evaluate(() => (window as unknown as { __mark?: number }).__mark === 1);

test.describe("tenant administration", () => {
  test("an administrator creates a tenant in the browser and finds it in the dropdown without reloading", async ({ page }) => {
    const { users } = seed({ users: { root: { superadmin: true } } });
    await loginPage(page, users.root);
    await page.goto("/ui/admin/tenants");
    await markDocument(page);
    const id = unique("production");

    await page.getByRole("button", { name: "Create tenant" }).click();
    const dialog = page.getByRole("dialog", { name: "Create tenant" });
    await dialog.getByLabel("ID").fill(id);
    await dialog.getByLabel("Name").fill("Production");
    await dialog.getByLabel("Description").fill("Live workloads");
    await dialog.getByRole("button", { name: "Create tenant" }).click();

    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("notice")).toContainText(`Tenant ${id} created`);
    const row = page.locator(`[data-tenant-row="${id}"]`);
    await expect(row).toContainText("Production");
    await expect(row).toContainText("Live workloads");
    await expect(row).toContainText("Active");

    await switcher(page).click();
    await expect(option(page, id)).toBeVisible();
    await expect(option(page, id)).toContainText("Production");
    expect(await documentMarked(page), "the page was not reloaded").toBe(true);

    await option(page, id).click();
    await expect(page).toHaveURL(new RegExp(`/ui/${id}/flows$`));
    await expect(switcher(page)).toContainText("Production");
  });

  test("the create form validates while typing and shows a duplicate id at the id field", async ({ page }) => {
    const { users, tenants } = seed({ users: { root: { superadmin: true } }, tenants: { taken: { admin: "root" } } });
    await loginPage(page, users.root);
    await page.goto("/ui/admin/tenants");
    await page.getByRole("button", { name: "Create tenant" }).click();
    const dialog = page.getByRole("dialog", { name: "Create tenant" });
    const idInput = dialog.getByLabel("ID");

    await idInput.fill("admin");
    await expect(idInput).toHaveAccessibleDescription("this id is reserved by Tenantflow's routes; choose another");
    await expect(idInput).toHaveAttribute("aria-invalid", "true");
    await idInput.fill("Bad Id");
    await expect(idInput).toHaveAccessibleDescription(
      "id must start with a lowercase letter or digit and contain only lowercase letters, digits, _ and -",
    );
    await idInput.fill("x".repeat(65));
    await expect(idInput).toHaveAccessibleDescription("id must be at most 64 characters");
    await idInput.fill(unique("fine"));
    await expect(idInput).toHaveAttribute("aria-invalid", "false");

    // nothing is sent while a field is wrong
    await dialog.getByRole("button", { name: "Create tenant" }).click();
    await expect(dialog.getByLabel("Name")).toHaveAccessibleDescription("name is required");
    await expect(dialog.getByLabel("Name")).toBeFocused();

    await idInput.fill(tenants.taken.id);
    await dialog.getByLabel("Name").fill("Someone else's");
    await dialog.getByRole("button", { name: "Create tenant" }).click();
    await expect(idInput).toHaveAccessibleDescription(`A tenant with id "${tenants.taken.id}" already exists`);
    await expect(dialog).toBeVisible();
    // the existing tenant is untouched
    const res = await page.request.get(`/api/v1/tenants/${tenants.taken.id}`);
    expect((await res.json()).name).toBe(tenants.taken.name);

    // editing the id clears the server's message
    await idInput.fill(unique("other"));
    await expect(idInput).toHaveAttribute("aria-invalid", "false");
  });

  test("a tenant is edited, deleted after confirmation, and restored by a superadmin", async ({ page }) => {
    const { users, tenants } = seed({ users: { root: { superadmin: true } }, tenants: { t: { admin: "root" } } });
    const id = tenants.t.id;
    await loginPage(page, users.root);
    await page.goto("/ui/admin/tenants");
    const row = page.locator(`[data-tenant-row="${id}"]`);

    await row.getByRole("button", { name: `Edit ${id}` }).click();
    const edit = page.getByRole("dialog", { name: `Edit tenant ${id}` });
    await edit.getByLabel("Name").fill("Renamed tenant");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit).toBeHidden();
    await expect(row).toContainText("Renamed tenant");

    // cancelling the confirmation changes nothing
    await row.getByRole("button", { name: `Delete ${id}` }).click();
    let confirm = page.getByRole("dialog", { name: `Delete tenant ${id}?` });
    await expect(confirm).toHaveAttribute("aria-modal", "true");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeHidden();
    await expect(row).toContainText("Active");

    await row.getByRole("button", { name: `Delete ${id}` }).click();
    confirm = page.getByRole("dialog", { name: `Delete tenant ${id}?` });
    await confirm.getByRole("button", { name: "Delete tenant" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByTestId("notice")).toContainText(`Tenant ${id} deleted`);
    await expect(row).toContainText("Deleted");
    await switcher(page).click();
    await expect(listbox(page)).toBeVisible();
    await expect(option(page, id)).toHaveCount(0);
    await page.keyboard.press("Escape");
    expect((await page.request.get(`/ui/${id}/flows`)).status()).toBe(404);

    await row.getByRole("button", { name: `Restore ${id}` }).click();
    await expect(page.getByTestId("notice")).toContainText(`Tenant ${id} restored`);
    await expect(row).toContainText("Active");
    await switcher(page).click();
    await expect(option(page, id)).toContainText("Renamed tenant");
    expect((await page.request.get(`/ui/${id}/flows`)).status()).toBe(200);
  });

  test("a user without TENANT:CREATE gets the not-found page; one with it sees the tenants they administer", async ({ page }) => {
    const { users, tenants } = seed({
      users: { plain: {}, creator: { canCreateTenant: true } },
      tenants: { mine: { admin: "creator" }, theirs: { admin: "plain" } },
    });
    await loginPage(page, users.plain);
    const res = await page.goto("/ui/admin/tenants");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Create tenant" })).toHaveCount(0);

    await page.context().clearCookies();
    await loginPage(page, users.creator);
    expect((await page.goto("/ui/admin/tenants"))?.status()).toBe(200);
    await expect(page.locator(`[data-tenant-row="${tenants.mine.id}"]`)).toBeVisible();
    await expect(page.locator(`[data-tenant-row="${tenants.theirs.id}"]`)).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Create tenant" })).toBeVisible();
  });
});

test.describe("tenant dropdown", () => {
  test("lists exactly the tenants the user has access to", async ({ page }) => {
    const { users, tenants } = seed({
      users: { dana: {} },
      tenants: { a: { access: ["dana"] }, b: { access: ["dana"] }, c: {} },
    });
    await loginPage(page, users.dana);
    await page.goto(`/ui/${tenants.a.id}/flows`);
    await switcher(page).click();
    await expect(page.getByRole("listbox", { name: "Tenants" }).getByRole("option")).toHaveCount(2);
    expect(await dropdownIds(page)).toEqual([tenants.a.id, tenants.b.id]);
    await expect(option(page, tenants.a.id)).toHaveAttribute("aria-selected", "true");
    const me = await (await page.request.get("/api/v1/me")).json();
    expect(me.tenants.map((t: { id: string }) => t.id)).toEqual([tenants.a.id, tenants.b.id]);
  });

  test("switching keeps the section: flows to flows, an admin page to the same admin page", async ({ page }) => {
    const { users, tenants } = seed({ users: { eli: {} }, tenants: { a: { admin: "eli" }, b: { admin: "eli" } } });
    await loginPage(page, users.eli);

    await page.goto(`/ui/${tenants.a.id}/flows`);
    await switcher(page).click();
    await option(page, tenants.b.id).click();
    await expect(page).toHaveURL(new RegExp(`/ui/${tenants.b.id}/flows$`));
    await expect(page.getByRole("heading", { name: "Flows", exact: true })).toBeVisible();
    await expect(switcher(page)).toContainText(tenants.b.name);

    await page.goto(`/ui/${tenants.a.id}/admin/users`);
    await switcher(page).click();
    await option(page, tenants.b.id).click();
    await expect(page).toHaveURL(new RegExp(`/ui/${tenants.b.id}/admin/users$`));
    await expect(page.getByRole("heading", { name: "Users", exact: true })).toBeVisible();
    await expect(page.getByText(`Users with access to ${tenants.b.name}`)).toBeVisible();
  });

  test("is operable with the keyboard", async ({ page }) => {
    const { users, tenants } = seed({ users: { kim: {} }, tenants: { a: { access: ["kim"] }, b: { access: ["kim"] } } });
    await loginPage(page, users.kim);
    await page.goto(`/ui/${tenants.a.id}/flows`);

    // ArrowDown opens it on the current tenant; arrows move; Enter selects
    await switcher(page).focus();
    await page.keyboard.press("ArrowDown");
    await expect(listbox(page)).toBeFocused();
    await expect(listbox(page)).toHaveAttribute("aria-activedescendant", new RegExp(`-${tenants.a.id}$`));
    await page.keyboard.press("ArrowDown");
    await expect(listbox(page)).toHaveAttribute("aria-activedescendant", new RegExp(`-${tenants.b.id}$`));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/ui/${tenants.b.id}/flows$`));
    await expect(switcher(page)).toContainText(tenants.b.name);

    // Enter opens it too; Escape closes it and gives the focus back
    await switcher(page).focus();
    await page.keyboard.press("Enter");
    await expect(listbox(page)).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(listbox(page)).toBeHidden();
    await expect(switcher(page)).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(listbox(page)).toBeFocused();
    await expect(listbox(page)).toHaveAttribute("aria-activedescendant", new RegExp(`-${tenants.b.id}$`));
    await page.keyboard.press("ArrowUp");
    await expect(listbox(page)).toHaveAttribute("aria-activedescendant", new RegExp(`-${tenants.a.id}$`));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/ui/${tenants.a.id}/flows$`));
  });

  test("a refresh of the tenant list while it is open keeps the user's selection", async ({ page }) => {
    const { users, tenants } = seed({ users: { lee: {} }, tenants: { a: { access: ["lee"] }, b: { access: ["lee"] } } });
    await page.clock.install();
    await loginPage(page, users.lee);
    await page.goto(`/ui/${tenants.a.id}/flows`);
    // the dropdown's refresh of the list (GET /api/v1/me) is held until the user has moved, and
    // brings a renamed tenant, as if an administrator had renamed it meanwhile
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/v1/me", async (route) => {
      await held;
      const response = await route.fetch();
      const json = (await response.json()) as { tenants: { id: string; name: string }[] };
      json.tenants = json.tenants.map((t) => (t.id === tenants.b.id ? { ...t, name: `${t.name} renamed` } : t));
      await route.fulfill({ response, json });
    });
    await switcher(page).focus();
    await page.keyboard.press("ArrowDown");
    await expect(listbox(page)).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(listbox(page)).toHaveAttribute("aria-activedescendant", new RegExp(`-${tenants.b.id}$`));
    // the list goes stale and the page regains visibility: the refresh starts
    await page.clock.fastForward("00:15");
    await page.evaluate(() => window.dispatchEvent(new Event("visibilitychange")));
    release();
    await expect(listbox(page).getByRole("option", { name: new RegExp(`${tenants.b.name} renamed`) })).toBeVisible();
    await expect(listbox(page)).toHaveAttribute("aria-activedescendant", new RegExp(`-${tenants.b.id}$`));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/ui/${tenants.b.id}/flows$`));
  });

  test("a tenant without access, a deleted tenant and a missing tenant give the same not-found page", async ({ page }) => {
    const { users, tenants } = seed({
      users: { fay: {} },
      tenants: { mine: { admin: "fay" }, other: {}, gone: { admin: "fay" } },
    });
    await loginPage(page, users.fay);
    expect((await page.request.delete(`/api/v1/tenants/${tenants.gone.id}`)).status()).toBe(200);

    const bodies: string[] = [];
    for (const id of [tenants.other.id, tenants.gone.id, unique("nowhere")]) {
      const res = await page.goto(`/ui/${id}/flows`);
      expect(res?.status(), id).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await expect(page.getByTestId("tenant-switcher")).toHaveCount(0);
      bodies.push(await page.locator("main").innerText());
    }
    expect(new Set(bodies).size, "the three pages are identical").toBe(1);

    // the tenant the user does have still opens
    expect((await page.goto(`/ui/${tenants.mine.id}/flows`))?.status()).toBe(200);
  });
});
