import { expect, login, seed, test } from "./fixtures";

// Against the built server over HTTP: a saved session cookie stops working after sign-out, and
// sign-in failures count against the socket's address whatever X-Forwarded-For a client sends.

test.describe("sessions and sign-in over HTTP", () => {
  test("a saved session cookie stops working after sign-out", async ({ playwright, baseURL }) => {
    const { users } = seed({ users: { leaver: {} } });
    const browser = await playwright.request.newContext({ baseURL });
    await login(browser, users.leaver);
    const saved = (await browser.storageState()).cookies.find((c) => c.name.endsWith("next-auth.session-token"));
    expect(saved, "the session cookie").toBeTruthy();
    const replay = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: `${saved!.name}=${saved!.value}` } });
    expect((await replay.get("/api/v1/me")).status()).toBe(200);

    // sign out as the browser does: next-auth's sign-out endpoint with its CSRF token
    const { csrfToken } = await (await browser.get("/api/auth/csrf")).json();
    const out = await browser.post("/api/auth/signout", { form: { csrfToken, json: "true" }, maxRedirects: 0 });
    expect([200, 302]).toContain(out.status());

    // the copy saved before sign-out is refused by the API and the pages
    const me = await replay.get("/api/v1/me");
    expect(me.status()).toBe(401);
    expect((await me.json()).error.code).toBe("UNAUTHORIZED");
    const page = await replay.get("/ui", { maxRedirects: 0 });
    expect(page.status()).not.toBe(200);
    // and next-auth's own session endpoint no longer reports it as signed in
    const session = await (await replay.get("/api/auth/session")).json();
    expect(session?.userId).toBeUndefined();
    expect(session?.user).toBeUndefined();
    await replay.dispose();
    await browser.dispose();
  });

  test("a forged X-Forwarded-For neither dodges the sign-in limit nor picks the address", async ({ playwright, baseURL }) => {
    const { users } = seed({ users: { guessed: {} } });
    const api = await playwright.request.newContext({ baseURL });
    const attempt = async (password: string, forwardedFor: string) => {
      const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
      return api.post("/api/auth/callback/credentials", {
        form: { csrfToken, username: users.guessed.username, password, json: "true" },
        headers: { "x-forwarded-for": forwardedFor, "x-tenantflow-peer": forwardedFor },
        maxRedirects: 0,
      });
    };
    for (let i = 0; i < 10; i++) await attempt("wrong-password", `198.51.100.${i + 1}`);
    // eleven "different addresses", one real one: locked there, with the right password too
    const locked = await attempt(users.guessed.password, "198.51.100.99");
    expect(locked.status()).toBe(429);
    await api.dispose();
  });
});
