import { type APIRequestContext, type Page, test as base, expect } from "@playwright/test";
import type { SeedSpec, Seeded } from "./support/seed";
import { Seeder } from "./support/seeder";

export type { SeedSpec, Seeded };

// The worker's seeder, shared by the fixtures below and the plain seed() export
let current: Seeder | undefined;

function seeder(): Seeder {
  // a spec that took `test` from @playwright/test itself still seeds, in a seeder of its own
  current ??= new Seeder(Number(process.env.TEST_WORKER_INDEX ?? 0));
  return current;
}

export const test = base.extend<
  {
    /** Creates fresh users and tenants, unique to this call, with the product's own functions. */
    seed: (spec: SeedSpec) => Seeded;
  },
  { seeder: Seeder }
>({
  // one per worker, set up for every test (it costs nothing until a test seeds)
  seeder: [
    async ({}, use, workerInfo) => {
      current = new Seeder(workerInfo.workerIndex);
      await use(current);
      await current.close();
      current = undefined;
    },
    { scope: "worker", auto: true },
  ],
  seed: async ({ seeder }, use) => {
    await use((spec) => seeder.seed(spec));
  },
});

/** Creates fresh users and tenants, unique to this call, with the product's own functions. */
export function seed(spec: SeedSpec): Seeded {
  return seeder().seed(spec);
}

/** Sets a tenant's secret backend (JSON, or null to inherit) as the backend settings page would. */
export function setTenantSecretBackend(tenantId: string, setting: string | null) {
  seeder().setTenantSecretBackend(tenantId, setting);
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

export { expect };
