import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { baseURL } from "./support/env";
import { expect, login, seed, test } from "./fixtures";

/** Another user signed in in a browser context of their own. */
async function signedIn(browser: Browser, user: { username: string; password: string }) {
  const context = await browser.newContext({ baseURL });
  await login(context.request, user);
  return context;
}

const flowsIn = (request: APIRequestContext, tenant: string, namespace: string) =>
  request.get(`/api/v1/${tenant}/flows/${namespace}`);

const roleDetail = (page: Page) => page.getByTestId("role-detail");

test.describe("RBAC administration pages", () => {
  test("an Admin creates a custom role with a matrix, binds it on a namespace, and the user's access follows", async ({
    page,
    browser,
  }) => {
    const { users, tenants } = seed({
      users: { ada: {}, bob: {} },
      tenants: { acme: { admin: "ada", access: ["bob"] } },
      flows: [
        { tenant: "acme", namespace: "company.team", id: "team-report" },
        { tenant: "acme", namespace: "company.team.sub", id: "sub-report" },
        { tenant: "acme", namespace: "marketing", id: "campaign" },
      ],
    });
    const t = tenants.acme.id;
    const bob = await signedIn(browser, users.bob);
    expect((await flowsIn(bob.request, t, "company.team")).status()).toBe(404);

    await login(page.request, users.ada);
    await page.goto(`/ui/${t}/admin/roles`);
    await page.getByRole("button", { name: "New role" }).click();
    const form = roleDetail(page);
    await form.getByRole("textbox", { name: "Name" }).fill("Flow reader");
    await form.getByRole("textbox", { name: "Description" }).fill("Reads flows where bound");
    await form.getByRole("checkbox", { name: "FLOW:READ" }).check();
    await form.getByRole("checkbox", { name: "NAMESPACE:READ" }).check();
    await form.getByRole("button", { name: "Create role" }).click();
    await expect(page.getByTestId("notice")).toHaveText("Created role Flow reader.");
    await expect(page.getByTestId("custom-roles").getByRole("button", { name: "Flow reader" })).toHaveAttribute("aria-current", "true");
    await expect(form.getByRole("checkbox", { name: "FLOW:READ" })).toBeChecked();
    await expect(form.getByRole("checkbox", { name: "FLOW:UPDATE" })).not.toBeChecked();
    const stored = await (await page.request.get(`/api/v1/${t}/roles`)).json();
    expect(stored.results.find((r: { name: string }) => r.name === "Flow reader").permissions).toEqual({
      FLOW: ["READ"],
      NAMESPACE: ["READ"],
    });

    await page.getByRole("link", { name: "Bindings" }).click();
    await page.getByRole("button", { name: "New binding" }).click();
    const binding = page.getByRole("form", { name: "New binding" });
    await binding.getByLabel("User", { exact: true }).fill(users.bob.username);
    await binding.getByRole("combobox", { name: "Role" }).selectOption("Flow reader");
    await binding.getByRole("radio", { name: "One namespace and its descendants" }).check();
    // pick it in the tree: branches open with their toggles
    await expect(binding.getByRole("radio", { name: "company.team", exact: true })).toHaveCount(0);
    await binding.getByRole("button", { name: "Expand company" }).click();
    await binding.getByRole("radio", { name: "company.team", exact: true }).check();
    await expect(binding.getByRole("textbox", { name: "Namespace" })).toHaveValue("company.team");
    await binding.getByRole("button", { name: "Create binding" }).click();
    await expect(page.getByTestId("notice")).toHaveText(`Gave Flow reader to ${users.bob.username} (namespace company.team).`);
    const row = page.getByTestId("binding-row").filter({ hasText: users.bob.username });
    await expect(row).toContainText("Flow reader");
    await expect(row).toContainText("company.team");

    // the binding holds on bob's next request, for the namespace and its descendants only
    const team = await flowsIn(bob.request, t, "company.team");
    expect(team.status()).toBe(200);
    expect((await team.json()).results.map((f: { id: string }) => f.id)).toEqual(["team-report"]);
    expect((await flowsIn(bob.request, t, "company.team.sub")).status()).toBe(200);
    expect((await flowsIn(bob.request, t, "marketing")).status()).toBe(404);

    // deleting the role says how many bindings go with it, and bob loses access
    await page.getByRole("link", { name: "Roles" }).click();
    await page.getByTestId("custom-roles").getByRole("button", { name: "Flow reader" }).click();
    await roleDetail(page).getByRole("button", { name: "Delete role" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete the role Flow reader?" });
    await expect(dialog).toContainText("1 binding that gives this role will be removed too");
    await dialog.getByRole("button", { name: "Delete role" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("notice")).toHaveText("Deleted role Flow reader and 1 binding that gave it.");
    await expect(page.getByTestId("custom-roles")).toHaveCount(0);
    expect((await flowsIn(bob.request, t, "company.team")).status()).toBe(404);
    await bob.close();
  });

  test("managed roles are read-only: every checkbox disabled, no save and no delete", async ({ page }) => {
    const { users, tenants } = seed({ users: { ada: {} }, tenants: { acme: { admin: "ada" } } });
    await login(page.request, users.ada);
    await page.goto(`/ui/${tenants.acme.id}/admin/roles`);
    await expect(page.getByTestId("managed-roles").getByRole("button")).toHaveCount(5);
    await page.getByTestId("managed-roles").getByRole("button", { name: "Viewer" }).click();
    const detail = roleDetail(page);
    await expect(detail.getByRole("heading", { name: "Viewer" })).toBeVisible();
    await expect(detail.getByText("managed", { exact: true })).toBeVisible();
    const boxes = detail.getByRole("checkbox");
    await expect(boxes).toHaveCount(44);
    for (const box of await boxes.all()) await expect(box).toBeDisabled();
    await expect(detail.getByRole("checkbox", { name: "FLOW:READ" })).toBeChecked();
    await expect(detail.getByRole("checkbox", { name: "FLOW:DELETE" })).not.toBeChecked();
    await expect(detail.getByRole("button", { name: /Save|Delete/ })).toHaveCount(0);
    await expect(detail.getByRole("button", { name: "Duplicate as custom role" })).toBeVisible();
  });

  test("a group with a member bound tenant-wide gives access, and deleting the binding revokes it on the next request", async ({
    page,
    browser,
  }) => {
    const { users, tenants } = seed({
      users: { ada: {}, cy: {} },
      tenants: { acme: { admin: "ada", access: ["cy"] } },
      flows: [{ tenant: "acme", namespace: "ops", id: "nightly" }],
    });
    const t = tenants.acme.id;
    const cy = await signedIn(browser, users.cy);
    expect((await flowsIn(cy.request, t, "ops")).status()).toBe(404);

    await login(page.request, users.ada);
    await page.goto(`/ui/${t}/admin/groups`);
    await expect(page.getByText("No groups yet")).toBeVisible();
    await page.getByRole("button", { name: "New group" }).first().click();
    const form = page.getByRole("form", { name: "New group" });
    await form.getByRole("textbox", { name: "Name", exact: true }).fill("ops-team");
    await form.getByLabel("Add a member").fill(users.cy.username);
    await form.getByLabel("Add a member").press("Enter");
    await expect(form.getByRole("list", { name: "Members" })).toContainText(users.cy.username);
    await form.getByRole("button", { name: "Create group" }).click();
    await expect(page.getByTestId("notice")).toHaveText("Created group ops-team with 1 member.");
    const group = page.locator('[data-group="ops-team"]');
    await expect(group.getByRole("list", { name: "Members of ops-team" })).toContainText(users.cy.displayName);

    await page.getByRole("link", { name: "Bindings" }).click();
    await page.getByRole("button", { name: "New binding" }).click();
    const binding = page.getByRole("form", { name: "New binding" });
    await binding.getByRole("radio", { name: "A group" }).check();
    await binding.getByRole("combobox", { name: "Group" }).selectOption("ops-team");
    await binding.getByRole("combobox", { name: "Role" }).selectOption("Viewer");
    await binding.getByRole("button", { name: "Create binding" }).click();
    const row = page.getByTestId("binding-row").filter({ hasText: "ops-team" });
    await expect(row).toContainText("group");
    await expect(row).toContainText("Viewer");
    await expect(row).toContainText("tenant-wide");
    expect((await flowsIn(cy.request, t, "ops")).status()).toBe(200);

    await row.getByRole("button", { name: /^Delete binding: Viewer for group ops-team/ }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this binding?" });
    await expect(dialog).toContainText("ops-team loses the role Viewer tenant-wide");
    await dialog.getByRole("button", { name: "Delete binding" }).click();
    await expect(row).toHaveCount(0);
    await expect(page.getByTestId("notice")).toHaveText("Removed Viewer from ops-team (tenant-wide).");
    // same session, next request: no stale claims
    expect((await flowsIn(cy.request, t, "ops")).status()).toBe(404);
    await cy.close();
  });

  test("a group is renamed, its members edited and, after a confirmation that Escape cancels, deleted with its bindings", async ({
    page,
  }) => {
    const { users, tenants } = seed({ users: { ada: {}, bob: {}, cy: {} }, tenants: { acme: { admin: "ada", access: ["bob", "cy"] } } });
    const t = tenants.acme.id;
    await login(page.request, users.ada);
    expect((await page.request.post(`/api/v1/${t}/groups`, { data: { name: "ops", members: [users.bob.username] } })).status()).toBe(201);
    expect((await page.request.post(`/api/v1/${t}/bindings`, { data: { group: "ops", role: "Viewer" } })).status()).toBe(201);

    await page.goto(`/ui/${t}/admin/groups`);
    await expect(page.locator('[data-group="ops"]')).toContainText("1 member · 1 binding");
    await page.getByRole("button", { name: "Edit group ops" }).click();
    const form = page.getByRole("form", { name: "Edit group ops" });
    await form.getByRole("textbox", { name: "Name", exact: true }).fill("ops-core");
    await form.getByRole("button", { name: `Remove ${users.bob.username}` }).click();
    await expect(form.getByText("No members yet.")).toBeVisible();
    // typed but not added: Save neither adds nor drops it silently, it asks
    await form.getByLabel("Add a member").fill(users.cy.username);
    await form.getByRole("button", { name: "Save group" }).click();
    await expect(form.getByText(`${users.cy.username} is not a member yet: press Add to add them, or clear the field`)).toBeVisible();
    await expect(form.getByLabel("Add a member")).toBeFocused();
    expect((await (await page.request.get(`/api/v1/${t}/groups`)).json()).results[0].name).toBe("ops");
    await form.getByRole("button", { name: "Add", exact: true }).click();
    await form.getByRole("button", { name: "Save group" }).click();
    await expect(page.getByTestId("notice")).toHaveText("Saved group ops-core.");
    const members = page.getByRole("list", { name: "Members of ops-core" });
    await expect(members).toHaveText(users.cy.displayName);
    const stored = await (await page.request.get(`/api/v1/${t}/groups`)).json();
    expect(stored.results).toEqual([expect.objectContaining({ name: "ops-core", members: [users.cy.username] })]);

    await page.getByRole("button", { name: "Delete group ops-core" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete the group ops-core?" });
    await expect(dialog).toContainText("1 binding given to the group will be removed");
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(members).toBeVisible();
    await page.getByRole("button", { name: "Delete group ops-core" }).click();
    await dialog.getByRole("button", { name: "Delete group" }).click();
    await expect(page.getByTestId("notice")).toHaveText("Deleted group ops-core.");
    await expect(page.getByText("No groups yet")).toBeVisible();
    const bindings = await (await page.request.get(`/api/v1/${t}/bindings`)).json();
    expect(bindings.results.filter((b: { group: string | null }) => b.group)).toEqual([]);
  });

  test("a Viewer gets a not-allowed panel and no create or delete controls anywhere", async ({ page, browser }) => {
    const { users, tenants } = seed({
      users: { ada: {}, vic: {} },
      tenants: { acme: { admin: "ada", access: ["vic"] } },
      bindings: [{ tenant: "acme", user: "vic", role: "Viewer" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.vic);
    for (const [section, permission] of [
      ["roles", "ROLE"],
      ["groups", "GROUP"],
      ["bindings", "BINDING"],
    ]) {
      await page.goto(`/ui/${t}/admin/${section}`);
      await expect(page.getByTestId("not-allowed")).toContainText(`You need ${permission}:READ to see ${section}`);
      await expect(page.getByRole("button", { name: /New|Create|Delete|Edit|Save/ })).toHaveCount(0);
      await expect(page.getByRole("checkbox")).toHaveCount(0);
      await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: /Roles|Groups|Bindings/ })).toHaveCount(0);
    }
    // hiding is not the protection: the server refuses too, and nothing was written
    const refused = await page.request.post(`/api/v1/${t}/roles`, { data: { name: "Sneaky", permissions: { ROLE: ["CREATE"] } } });
    expect(refused.status()).toBe(403);
    const admin = await signedIn(browser, users.ada);
    const roles = await (await admin.request.get(`/api/v1/${t}/roles`)).json();
    expect(roles.results.map((r: { name: string }) => r.name)).not.toContain("Sneaky");
    await admin.close();
  });

  test("a stale role edit is refused with a conflict message and keeps the user's edits", async ({ page }) => {
    const { users, tenants } = seed({ users: { ada: {} }, tenants: { acme: { admin: "ada" } } });
    const t = tenants.acme.id;
    await login(page.request, users.ada);
    const created = await page.request.post(`/api/v1/${t}/roles`, { data: { name: "Auditor", permissions: { AUDITLOG: ["READ"] } } });
    expect(created.status()).toBe(201);
    const { id } = await created.json();

    await page.goto(`/ui/${t}/admin/roles`);
    await page.getByTestId("custom-roles").getByRole("button", { name: "Auditor" }).click();
    const detail = roleDetail(page);
    await detail.getByRole("checkbox", { name: "FLOW:READ" }).check();
    // someone else saves first
    const other = await page.request.put(`/api/v1/${t}/roles/${id}`, {
      data: { permissions: { AUDITLOG: ["READ"], SECRET: ["READ"] } },
      headers: { "If-Match": '"1"' },
    });
    expect(other.status()).toBe(200);
    await detail.getByRole("button", { name: "Save changes" }).click();
    await expect(detail.getByTestId("role-conflict")).toContainText("Someone else changed this role after you opened it");
    await expect(detail.getByRole("checkbox", { name: "FLOW:READ" })).toBeChecked();
    await expect(detail.getByRole("checkbox", { name: "SECRET:READ" })).not.toBeChecked();

    await detail.getByRole("button", { name: "Save mine over theirs" }).click();
    await expect(page.getByTestId("notice")).toHaveText("Saved role Auditor.");
    await expect(detail.getByTestId("role-conflict")).toHaveCount(0);
    const saved = await (await page.request.get(`/api/v1/${t}/roles/${id}`)).json();
    expect(saved).toMatchObject({ version: 3, permissions: { FLOW: ["READ"], AUDITLOG: ["READ"] } });
    expect(saved.permissions.SECRET).toBeUndefined();
  });

  test("errors appear beside the field they concern", async ({ page }) => {
    const { users, tenants } = seed({ users: { ada: {} }, tenants: { acme: { admin: "ada" } } });
    const t = tenants.acme.id;
    await login(page.request, users.ada);
    await page.goto(`/ui/${t}/admin/roles`);
    await page.getByRole("button", { name: "New role" }).click();
    const name = roleDetail(page).getByRole("textbox", { name: "Name" });
    await name.fill("-nope");
    await roleDetail(page).getByRole("button", { name: "Create role" }).click();
    await expect(name).toHaveAttribute("aria-invalid", "true");
    await expect(name).toHaveAccessibleDescription(/may contain letters, digits, spaces/);
    await expect(roleDetail(page).getByTestId("form-error")).toHaveText("Check the field marked below.");
    await name.fill("Admin");
    await roleDetail(page).getByRole("button", { name: "Create role" }).click();
    await expect(roleDetail(page).getByTestId("form-error")).toHaveText('A role named "Admin" already exists');

    await page.goto(`/ui/${t}/admin/bindings`);
    await expect(page.getByText("No bindings yet")).toHaveCount(0);
    await page.getByRole("button", { name: "New binding" }).click();
    const binding = page.getByRole("form", { name: "New binding" });
    await binding.getByRole("button", { name: "Create binding" }).click();
    await expect(binding.getByRole("combobox", { name: "Role" })).toHaveAccessibleDescription("Choose a role");
    await expect(binding.getByLabel("User", { exact: true })).toHaveAccessibleDescription("Choose the user to give the role to");
    await binding.getByLabel("User", { exact: true }).fill("nobody@example.com");
    await binding.getByRole("combobox", { name: "Role" }).selectOption("Viewer");
    await binding.getByRole("radio", { name: "One namespace and its descendants" }).check();
    const ns = binding.getByRole("textbox", { name: "Namespace" });
    await ns.fill("bad..name");
    await binding.getByRole("button", { name: "Create binding" }).click();
    await expect(ns).toHaveAccessibleDescription(/empty segment/);
    // a namespace without flows yet is fine to type; the unknown user is refused beside its field
    await ns.fill("future.team");
    await binding.getByRole("button", { name: "Create binding" }).click();
    await expect(binding.getByLabel("User", { exact: true })).toHaveAccessibleDescription(
      "nobody@example.com is not a user of this tenant; grant access first",
    );
    await expect(ns).toHaveAttribute("aria-invalid", "false");
  });
});
