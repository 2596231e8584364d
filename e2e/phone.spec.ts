import type { Page } from "@playwright/test";
import { expect, login, seed, test } from "./fixtures";

// At phone size (390×844) every page keeps to the screen's width (wide tables scroll inside their
// own box) and every section is reachable from the menu button's navigation drawer.

test.use({ viewport: { width: 390, height: 844 } });

/** How far the page is wider than the screen, and the widest elements that stick out. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const excess = document.documentElement.scrollWidth - width;
    const culprits: string[] = [];
    if (excess > 0) {
      // the elements that break out: wider than the screen while their parent is not (inside a
      // scrolling box that is fine, unless the element is positioned against something outside it)
      for (const el of Array.from(document.body.querySelectorAll<HTMLElement>("*"))) {
        const r = el.getBoundingClientRect();
        const parent = el.parentElement?.getBoundingClientRect();
        if (r.width > 0 && r.right > width + 1 && parent && parent.right <= width + 1) {
          culprits.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 80)} [${(el.textContent ?? "").trim().slice(0, 40)}] right=${Math.round(r.right)}`);
        }
      }
    }
    return { excess, culprits: culprits.slice(0, 8) };
  });
}

test.describe("phones", () => {
  test("no page is wider than the screen", async ({ page }) => {
    test.setTimeout(240_000); // some 25 pages, each until its data has loaded
    const { users, tenants } = seed({
      users: { boss: { superadmin: true } },
      tenants: { acme: { admin: "boss" } },
      namespaces: [{ tenant: "acme", name: "company.team.analytics.reporting", description: "Reports" }],
      flows: [{ tenant: "acme", namespace: "company.team.analytics.reporting", id: "a_rather_long_flow_identifier_for_reports", description: "A flow", labels: { team: "analytics", env: "production" } }],
      secrets: [{ tenant: "acme", namespace: "company.team.analytics.reporting", key: "WAREHOUSE_PASSWORD", value: "x" }],
      kv: [{ tenant: "acme", namespace: "company.team.analytics.reporting", key: "last_run", value: "2026-11-29" }],
      files: [{ tenant: "acme", namespace: "company.team.analytics.reporting", path: "scripts/a/deeply/nested/report.sql", content: "select 1" }],
    });
    await login(page.request, users.boss);
    const t = tenants.acme.id;
    const ns = "company.team.analytics.reporting";
    const pages = [
      `/ui/${t}/flows`,
      `/ui/${t}/flows/${ns}/a_rather_long_flow_identifier_for_reports`,
      `/ui/${t}/flows/${ns}/a_rather_long_flow_identifier_for_reports?tab=revisions`,
      `/ui/${t}/flows/new`,
      `/ui/${t}/namespaces`,
      `/ui/${t}/namespaces/${ns}`,
      ...["variables", "plugin-defaults", "secrets", "kv", "files", "settings"].map((tab) => `/ui/${t}/namespaces/${ns}?tab=${tab}`),
      `/ui/${t}/admin/users`,
      `/ui/${t}/admin/roles`,
      `/ui/${t}/admin/bindings`,
      `/ui/${t}/admin/groups`,
      `/ui/${t}/admin/secrets`,
      `/ui/${t}/admin/auditlogs`,
      `/ui/account/tokens`,
      `/ui/account/password`,
      `/ui/admin/tenants`,
      `/ui/admin/users`,
      `/ui/admin/users/${encodeURIComponent(users.boss.username)}`,
      `/ui/admin/auditlogs`,
      `/ui/${t}/no/such/page`,
    ];
    const wide: string[] = [];
    for (const path of pages) {
      await page.goto(path);
      await expect(page.locator("main")).toBeVisible();
      await page.waitForLoadState("networkidle");
      const o = await overflow(page);
      if (o.excess > 0) wide.push(`${path}: ${o.excess}px too wide: ${o.culprits.join("; ")}`);
    }
    expect(wide, "pages wider than a 390px screen").toEqual([]);
  });

  test("the menu button opens the navigation, which reaches every section", async ({ page }) => {
    const { users, tenants } = seed({ users: { boss: {} }, tenants: { acme: { admin: "boss" } } });
    await login(page.request, users.boss);
    const t = tenants.acme.id;
    await page.goto(`/ui/${t}/flows`);
    // the sidebar is hidden on a phone: the menu button takes its place
    await expect(page.getByRole("navigation", { name: "Sections" })).toBeHidden();
    const menu = page.getByRole("button", { name: "Open navigation" });
    await expect(menu).toBeVisible();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    const drawer = page.getByRole("dialog", { name: "Navigation" });
    await expect(drawer).toBeVisible();
    for (const label of ["Flows", "Namespaces", "Users", "Roles", "Bindings", "Groups", "Audit logs"]) {
      await expect(drawer.getByRole("link", { name: label, exact: true })).toBeVisible();
    }
    // Escape closes it, focus back on the button
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await expect(menu).toBeFocused();
    // a link navigates and closes the drawer
    await menu.click();
    await drawer.getByRole("link", { name: "Namespaces", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/ui/${t}/namespaces$`));
    await expect(drawer).toBeHidden();
    await expect(page.getByRole("heading", { name: "Namespaces", level: 1 })).toBeVisible();
    // the backdrop closes it too
    await menu.click();
    await expect(drawer).toBeVisible();
    await page.mouse.click(380, 400);
    await expect(drawer).toBeHidden();
  });

  test("on a wide screen the sidebar shows and there is no menu button", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const { users, tenants } = seed({ users: { boss: {} }, tenants: { acme: { admin: "boss" } } });
    await login(page.request, users.boss);
    await page.goto(`/ui/${tenants.acme.id}/flows`);
    await expect(page.getByRole("navigation", { name: "Sections" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Open navigation" })).toBeHidden();
  });
});
