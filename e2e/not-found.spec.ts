import { expect, login, seed, test } from "./fixtures";
import { OUTPUT_DIR } from "./support/env";

test.describe("what is not there", () => {
  test("every unknown /api path answers the JSON error shape with 404, signed in or not, whatever the method", async ({ page }) => {
    const { users, tenants } = seed({ users: { ada: {} }, tenants: { acme: { admin: "ada" } } });
    const t = tenants.acme.id;
    const paths = ["/api", "/api/nothing", "/api/v2/flows", "/api/v1/no-such-word", `/api/v1/${t}/no-such-resource`, `/api/v1/${t}/flows/a/b/c/d/e`, "/api/v1/me/extra"];
    const check = async () => {
      for (const path of paths) {
        for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
          const res = await page.request.fetch(path, { method, data: method === "GET" || method === "DELETE" ? undefined : {} });
          expect(res.status(), `${method} ${path}`).toBe(404);
          expect(res.headers()["content-type"], `${method} ${path}`).toContain("application/json");
          const body = await res.json();
          expect(body, `${method} ${path}`).toEqual({ error: { code: "NOT_FOUND", message: expect.any(String), details: [] } });
        }
      }
    };
    await check();
    await login(page.request, users.ada);
    await check();
    // the routes that exist still answer as before
    expect((await page.request.get(`/api/v1/${t}/flows/search`)).status()).toBe(200);
    expect((await page.request.get("/api/v1/me")).status()).toBe(200);
  });

  test("a missing page inside a tenant keeps the header and sidebar, with HTTP 404; outside a tenant's reach it does not", async ({ page }) => {
    const { users, tenants } = seed({
      users: { ada: {} },
      tenants: { acme: { admin: "ada" }, other: {} },
      flows: [{ tenant: "acme", namespace: "company.team", id: "present" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.ada);
    for (const url of [`/ui/${t}/no-such-page`, `/ui/${t}/flows/company.team/missing-flow`, `/ui/${t}/namespaces/company.team/deeper/still`]) {
      const res = await page.goto(url);
      expect(res?.status(), url).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      // the tenant's frame is there to go on from
      await expect(page.getByRole("navigation", { name: "Sections" })).toBeAttached();
      await expect(page.getByTestId("tenant-switcher")).toBeVisible();
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/ui/${t}/flows/company.team/missing-flow`);
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/not-found-in-tenant.png`, fullPage: true });
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Flows", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/ui/${t}/flows$`));
    await expect(page.getByRole("link", { name: "present" })).toBeVisible();

    // a tenant the user cannot enter gives the bare page: no frame that would tell it exists
    const res = await page.goto(`/ui/${tenants.other.id}/no-such-page`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByTestId("tenant-switcher")).toHaveCount(0);
  });

  test("the icon is there: /favicon.ico and the page's icon link answer an image, signed in or not", async ({ page, request }) => {
    const ico = await request.get("/favicon.ico");
    expect(ico.status()).toBe(200);
    expect(ico.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
    expect((await ico.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0])); // an ICO header
    await page.goto("/login");
    const href = await page.locator('link[rel="icon"][type="image/svg+xml"]').getAttribute("href");
    expect(href).toBeTruthy();
    const svg = await request.get(href!);
    expect(svg.status()).toBe(200);
    expect(await svg.text()).toContain("<svg");
  });
});
