import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { type APIRequestContext, type Page, test as base, expect } from "@playwright/test";
import { E2E_ENV } from "./support/env";
import type { SeedSpec } from "./support/seed";

const require = createRequire(import.meta.url);
const tsx = path.join(path.dirname(require.resolve("tsx/package.json")), "dist", "cli.mjs");

export type Seeded = {
  users: Record<string, { id: string; username: string; password: string; displayName: string }>;
  tenants: Record<string, { id: string; name: string }>;
  /** API tokens by name, shown once as on creation */
  tokens: Record<string, string>;
};

/** Creates fresh users and tenants, unique to this test, with the product's own functions. */
export function seed(spec: SeedSpec): Seeded {
  const out = execFileSync(process.execPath, [tsx, "--conditions=react-server", "e2e/support/seed.ts", JSON.stringify(spec)], {
    env: { ...process.env, ...E2E_ENV },
  });
  return JSON.parse(out.toString());
}

/** Signs in through the API (not the form), leaving the session cookie in the page's context. */
export async function login(request: APIRequestContext, user: { username: string; password: string }) {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, username: user.username, password: user.password, json: "true" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(res.status());
  const session = await (await request.get("/api/auth/session")).json();
  expect(session?.userId, `signed in as ${user.username}`).toBeTruthy();
}

export async function loginPage(page: Page, user: { username: string; password: string }) {
  await login(page.request, user);
}

export const test = base;
export { expect };
