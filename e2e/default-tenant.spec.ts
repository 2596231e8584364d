import { E2E_ADMIN, PORT } from "./support/env";
import { startServer } from "./support/second-server";
import { expect, login, seed, test } from "./fixtures";

test.describe("the default tenant", () => {
  test("tenant-less URLs address the default tenant", async ({ page }) => {
    seed({ flows: [{ tenant: "main", namespace: "legacy.ops", id: "nightly-report", description: "Nightly report" }] });
    await login(page.request, E2E_ADMIN);
    const api = await page.request.get("/api/v1/flows/legacy.ops");
    expect(api.status()).toBe(200);
    expect((await api.json()).results.map((f: { id: string }) => f.id)).toContain("nightly-report");
    const search = await page.request.get("/api/v1/flows/search?q=nightly");
    expect((await search.json()).results).toContainEqual(expect.objectContaining({ id: "nightly-report", namespace: "legacy.ops" }));
    await page.goto("/ui/flows");
    await expect(page).toHaveURL(/\/ui\/flows$/);
    await expect(page.getByTestId("flows-table")).toContainText("nightly-report");
    await expect(page.getByTestId("tenant-switcher")).toContainText("Default tenant");
  });

  test("switched off it answers 404 and is not listed; switched on again its data is unchanged", async ({ page }) => {
    test.setTimeout(120_000);
    seed({
      flows: [{ tenant: "main", namespace: "keep.me", id: "kept-flow", description: "Still here" }],
    });
    await login(page.request, E2E_ADMIN);
    const before = await (await page.request.get("/api/v1/main/flows/keep.me")).json();
    expect(before.results.map((f: { id: string }) => f.id)).toEqual(["kept-flow"]);

    const off = await startServer(PORT + 1, { TENANTS_DEFAULT_TENANT: "false" });
    try {
      const res = await page.request.get(`${off.url}/api/v1/main/flows/keep.me`);
      expect(res.status()).toBe(404);
      expect(await res.text()).not.toContain("kept-flow");
      expect((await page.request.get(`${off.url}/api/v1/flows/keep.me`)).status()).toBe(404);
      const me = await (await page.request.get(`${off.url}/api/v1/me`)).json();
      expect(me.tenants.map((t: { id: string }) => t.id)).not.toContain("main");
      await page.goto(`${off.url}/ui/main/flows`);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await page.goto(`${off.url}/ui/flows`);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    } finally {
      await off.stop();
    }

    // the suite's own server has it switched on
    const after = await (await page.request.get("/api/v1/main/flows/keep.me")).json();
    expect(after).toEqual(before);
    await page.goto("/ui/main/flows");
    await expect(page.getByTestId("flows-table")).toContainText("kept-flow");
    await expect(page.getByTestId("flows-table")).toContainText("Still here");
  });
});
