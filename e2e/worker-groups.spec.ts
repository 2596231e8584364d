import crypto from "node:crypto";
import type { Page } from "@playwright/test";
import { OUTPUT_DIR } from "./support/env";
import { expect, loginPage, seed, test } from "./fixtures";

// SPEC §7 "Worker groups": the Instance admin page of a superadmin, its forms and their errors,
// the live workers with their load and heartbeat; anyone else gets the not-found page.

const unique = (prefix: string) => `${prefix}-${crypto.randomBytes(3).toString("hex")}`;
const groupRow = (page: Page, key: string) => page.locator(`[data-worker-group-row="${key}"]`);
const shot = async (page: Page, name: string) => {
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/worker-groups/${name}.png`, fullPage: true });
};

test.describe("worker groups", () => {
  test("a superadmin creates a group for one tenant, sees its live worker, opens it to every tenant and deletes it", async ({ page }) => {
    const key = unique("gpu");
    const workerId = unique("worker-e2e");
    const { users, tenants } = seed({
      users: { root: { superadmin: true } },
      tenants: { first: { name: "First" }, second: { name: "Second" } },
      workers: [{ id: workerId, group: key, concurrency: 4, running: 1 }],
    });
    await loginPage(page, users.root);
    await page.goto("/ui/admin/worker-groups");
    await expect(page.getByRole("heading", { name: "Worker groups", level: 1 })).toBeVisible();
    // a worker of a group not defined yet is listed among the others
    await expect(page.getByTestId("other-workers")).toContainText(workerId);
    await shot(page, "before");

    await page.getByRole("button", { name: "Create worker group" }).click();
    const dialog = page.getByRole("dialog", { name: "Create worker group" });
    await dialog.getByLabel("Key").fill("not a key!");
    await expect(dialog.getByLabel("Key")).toHaveAccessibleDescription("key must start with a letter or digit and contain only letters, digits, ., _ and -");
    await dialog.getByLabel("Key").fill(key);
    await dialog.getByLabel("Description").fill("The GPU machines");
    await dialog.getByRole("checkbox", { name: new RegExp(tenants.first.id) }).check();
    await expect(dialog).toContainText("Only this tenant; other tenants' tasks on this group fail.");
    await shot(page, "create-dialog");
    await dialog.getByRole("button", { name: "Create worker group" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("notice")).toContainText(`Worker group ${key} created`);

    const row = groupRow(page, key);
    await expect(row).toContainText("The GPU machines");
    await expect(row).toContainText(tenants.first.id);
    await expect(row).not.toContainText(tenants.second.id);
    // its live worker, with its load and last heartbeat
    const worker = row.locator(`[data-worker-row="${workerId}"]`);
    await expect(worker).toContainText("load 1/4");
    await expect(worker).toContainText(/heartbeat \d+ (s|min) ago/);
    await shot(page, "list");

    // the same key again: the error at the key field
    await page.getByRole("button", { name: "Create worker group" }).click();
    const again = page.getByRole("dialog", { name: "Create worker group" });
    await again.getByLabel("Key").fill(key);
    await again.getByRole("button", { name: "Create worker group" }).click();
    await expect(again.getByLabel("Key")).toHaveAccessibleDescription(`A worker group with key "${key}" already exists`);
    await again.getByRole("button", { name: "Cancel" }).click();

    // every tenant: no tenant ticked
    await row.getByRole("button", { name: `Edit ${key}` }).click();
    const edit = page.getByRole("dialog", { name: `Edit worker group ${key}` });
    await edit.getByRole("checkbox", { name: new RegExp(tenants.first.id) }).uncheck();
    await expect(edit).toContainText("None chosen: its workers run every tenant's tasks.");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit).toBeHidden();
    await expect(row).toContainText("Every tenant");

    await row.getByRole("button", { name: `Delete ${key}` }).click();
    await page.getByRole("dialog", { name: `Delete worker group ${key}?` }).getByRole("button", { name: "Delete worker group" }).click();
    await expect(page.getByTestId("notice")).toContainText(`Worker group ${key} deleted`);
    await expect(groupRow(page, key)).toHaveCount(0);
    // its worker is listed among the others again
    await expect(page.getByTestId("other-workers")).toContainText(workerId);
  });

  test("a user who is not a superadmin gets the not-found page, and the API refuses them", async ({ page }) => {
    const { users } = seed({ users: { creator: { canCreateTenant: true } } });
    await loginPage(page, users.creator);
    const res = await page.goto("/ui/admin/worker-groups");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    expect((await page.request.get("/api/v1/admin/worker-groups")).status()).toBe(403);
  });
});
