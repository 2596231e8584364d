import { type Visit, WIDTHS, audit, executionPages, openFile, waitForDiff, waitForEditor, waitForGraph, world } from "./support/axe";
import { OUTPUT_DIR } from "./support/env";
import { expect, login, seed, test } from "./fixtures";

// axe on the sign-in and 404 pages outside the app, the pages a read-only viewer sees and the page
// of a user without a tenant: no serious or critical violation. Then the keyboard: the skip link,
// the tenant dropdown's name. The superadmin's pages: accessibility.spec.ts.

// the tests share no data: with more than one worker they run side by side
test.describe.configure({ mode: "parallel" });

for (const { name: width, viewport } of WIDTHS) {
  test.describe(`accessibility at ${width} width`, () => {
    // a control that never shows fails the test at once rather than at its end
    test.use({ viewport, actionTimeout: 15_000 });

    test("the sign-in page and the 404 page outside the app", async ({ page }) => {
      const problems = await audit(page, width, [
        { name: "login", path: "/login" },
        {
          name: "login-refused",
          path: "/login",
          then: async (p) => {
            await p.getByLabel("Username").fill("nobody@example.com");
            await p.getByLabel("Password").fill("not the password");
            await p.getByRole("button", { name: "Sign in" }).click();
            await expect(p.getByTestId("login-error")).toBeVisible();
          },
        },
        { name: "404", path: "/no/such/page" },
      ]);
      expect(problems, "serious or critical accessibility violations").toEqual([]);
    });

    // what a viewer sees is the superadmin's pages with fewer controls: checked at desktop width
    test("the pages a read-only viewer sees, and the page of a user without a tenant", async ({ page, playwright }) => {
      test.skip(width === "phone", "checked at desktop width");
      test.setTimeout(180_000);
      const { users, tenants, executionId } = await world(playwright.request);
      const t = tenants.acme.id;
      await login(page.request, users.viewer);
      const flow = `/ui/${t}/flows/company.team/nightly_report`;
      const visits: Visit[] = [
        { name: "viewer-flows", path: `/ui/${t}/flows` },
        { name: "viewer-flow-topology", path: `${flow}?tab=topology`, then: waitForGraph },
        { name: "viewer-flow-editor", path: `${flow}?tab=editor`, then: waitForEditor },
        { name: "viewer-flow-revisions", path: `${flow}?tab=revisions`, then: waitForDiff },
        { name: "viewer-namespaces", path: `/ui/${t}/namespaces` },
        ...["variables", "plugin-defaults", "secrets", "kv", "settings"].map((tab) => ({
          name: `viewer-namespace-${tab}`,
          path: `/ui/${t}/namespaces/company.team?tab=${tab}`,
        })),
        { name: "viewer-namespace-files", path: `/ui/${t}/namespaces/company.team?tab=files`, then: openFile },
        ...executionPages(t, executionId, "viewer-").slice(0, 2),
      ];
      const problems = await audit(page, width, visits);

      const { users: lonely } = seed({ users: { lonely: {} } });
      await page.context().clearCookies();
      await login(page.request, lonely.lonely);
      problems.push(...(await audit(page, width, [{ name: "no-tenant", path: "/ui" }])));
      expect(problems, "serious or critical accessibility violations").toEqual([]);
    });
  });
}
test.describe("keyboard", () => {
  test("a skip link is the first thing Tab reaches, and it moves focus to the page's content", async ({ page }) => {
    const { users, tenants } = seed({ users: { boss: { superadmin: true } }, tenants: { acme: { admin: "boss" } } });
    await login(page.request, users.boss);
    for (const path of [`/ui/${tenants.acme.id}/flows`, "/ui/admin/tenants"]) {
      await page.goto(path);
      await expect(page.locator("main")).toBeVisible();
      const skip = page.getByRole("link", { name: "Skip to content" });
      // out of sight until focused, so the header looks as before
      expect((await skip.boundingBox())?.width ?? 0, "the skip link's width before focus").toBeLessThanOrEqual(1);
      await page.keyboard.press("Tab");
      await expect(skip).toBeFocused();
      expect((await skip.boundingBox())?.width ?? 0, "the skip link's width once focused").toBeGreaterThan(40);
      if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/axe/skip-link-focused${path.startsWith("/ui/admin") ? "-instance" : ""}.png` });
      await page.keyboard.press("Enter");
      await expect(page.locator("main")).toBeFocused();
      // the next Tab goes on inside the content, past the header and the sidebar
      await page.keyboard.press("Tab");
      const inMain = await page.evaluate(() => !!document.activeElement?.closest("main"));
      expect(inMain, `Tab after the skip link lands in the content on ${path}`).toBe(true);
    }
  });

  test("the tenant dropdown's name is the text it shows", async ({ page }) => {
    const { users, tenants } = seed({ users: { boss: {} }, tenants: { acme: { admin: "boss", name: "Acme Corporation" } } });
    await login(page.request, users.boss);
    await page.goto(`/ui/${tenants.acme.id}/flows`);
    // a speech-input user says what they see: "Tenant", then the tenant's name
    await expect(page.getByTestId("tenant-switcher")).toHaveAccessibleName(/^Tenant\s+Acme Corporation/);
  });
});
