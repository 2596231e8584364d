import { type Visit, PHONE_PAGES, WIDTHS, audit, superadminPages, world } from "./support/axe";
import { expect, login, test } from "./fixtures";

// axe on every page of the app as a superadmin who administers the tenant, at desktop width (in
// three parts, each with its own world and well within its timeout), and at phone width the
// pages whose layout changes most there: no serious or critical violation anywhere. The sign-in
// page, a read-only viewer's pages and the keyboard: accessibility-views.spec.ts.

// the tests share no data: with more than one worker they run side by side
test.describe.configure({ mode: "parallel" });

for (const { name: width, viewport } of WIDTHS) {
  test.describe(`accessibility at ${width} width`, () => {
    // a control that never shows fails the test at once rather than at its end
    test.use({ viewport, actionTimeout: 15_000 });
    const PARTS = width === "phone" ? 1 : 3;
    for (let part = 0; part < PARTS; part++) {
      const title = width === "phone" ? "the pages whose layout changes most at phone width, as a superadmin" : `every page of a tenant and of the instance, as a superadmin who administers the tenant (part ${part + 1} of ${PARTS})`;
      test(title, async ({ page, playwright }) => {
        test.setTimeout(240_000); // some 15 pages, each until its data has loaded
        const { users, tenants, executionId } = await world(playwright.request);
        await login(page.request, users.boss);
        let all: Visit[] = superadminPages(tenants.acme.id, executionId, users.boss.username, width);
        if (width === "phone") all = all.filter((v) => PHONE_PAGES.has(v.name));
        const size = Math.ceil(all.length / PARTS);
        const problems = await audit(page, width, all.slice(part * size, (part + 1) * size));
        expect(problems, "serious or critical accessibility violations").toEqual([]);
      });
    }
  });
}
