import { PORT } from "./support/env";
import { startServer } from "./support/second-server";
import { expect, login, seed, test } from "./fixtures";

async function attempt(request: import("@playwright/test").APIRequestContext, base: string, username: string, password: string) {
  const { csrfToken } = await (await request.get(`${base}/api/auth/csrf`)).json();
  return request.post(`${base}/api/auth/callback/credentials`, {
    form: { csrfToken, username, password, json: "true" },
    maxRedirects: 0,
  });
}

test.describe("hardening", () => {
  test("sign-in is throttled per username with 429 and Retry-After, on every app instance", async ({ page, playwright, baseURL }) => {
    test.setTimeout(120_000);
    const { users } = seed({ users: { target: {} } });
    const api = await playwright.request.newContext({ baseURL });
    for (let i = 0; i < 10; i++) {
      const r = await attempt(api, baseURL!, users.target.username, "wrong-password");
      expect(r.status()).not.toBe(429);
    }
    const locked = await attempt(api, baseURL!, users.target.username, users.target.password);
    expect(locked.status()).toBe(429);
    expect(Number(locked.headers()["retry-after"])).toBeGreaterThan(800);
    expect((await locked.json()).error.code).toBe("TOO_MANY_REQUESTS");

    // the form says so
    await page.goto("/login");
    await page.getByLabel("Username").fill(users.target.username);
    await page.getByLabel("Password").fill(users.target.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("login-error")).toHaveText("Too many failed attempts. Wait a moment and try again.");

    // a second instance on the same database holds the same lock
    const other = await startServer(PORT + 2, {});
    try {
      const r = await attempt(api, other.url, users.target.username, users.target.password);
      expect(r.status()).toBe(429);
    } finally {
      await other.stop();
    }
    await api.dispose();
    // other users are not affected (a fresh context: the old one's idle keep-alive sockets are closed by now)
    const { users: fresh } = seed({ users: { bystander: {} } });
    const other2 = await playwright.request.newContext({ baseURL });
    await login(other2, fresh.bystander);
    await other2.dispose();
  });

  test("pages carry security headers and a nonce CSP under which the app works", async ({ page }) => {
    const { users, tenants } = seed({ users: { hd: {} }, tenants: { t: { admin: "hd" } } });
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && /Content Security Policy|Refused to/.test(m.text()) && errors.push(m.text()));
    const res = await page.goto("/login");
    const h = res!.headers();
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    // the app still works under it: sign in with the form, open a page, use the dropdown
    await page.getByLabel("Username").fill(users.hd.username);
    await page.getByLabel("Password").fill(users.hd.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/ui\//);
    await page.goto(`/ui/${tenants.t.id}/flows`);
    await page.getByTestId("tenant-switcher").click();
    await expect(page.getByRole("listbox", { name: "Tenants" })).toBeVisible();
    expect(errors).toEqual([]);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name.endsWith("next-auth.session-token"));
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  });
});
