import { defineConfig, devices } from "@playwright/test";
import { E2E_ADMIN, E2E_ENV, OUTPUT_DIR, baseURL } from "./e2e/support/env";
import { partOf, specsOfPart } from "./e2e/support/parts";

/** The specs the PostgreSQL run takes (see testMatch). */
const POSTGRESQL_SPECS = [
  "two-instances.spec.ts",
  "faults.spec.ts",
  "recovery.spec.ts",
  "execution-page.spec.ts",
  "executions-ui.spec.ts",
  "subflows.spec.ts",
  "concurrency.spec.ts",
  "worker-groups.spec.ts",
  "triggers-ui.spec.ts",
  "flows.spec.ts",
  "namespaces.spec.ts",
  "isolation-pages.spec.ts",
];

const part = partOf(process.env.E2E_PART);

export default defineConfig({
  testDir: "e2e",
  // The SQLite run takes every spec. The PostgreSQL run (E2E_DATABASE_URL set) takes the specs
  // where the database's own behaviour reaches the browser: several processes or app instances on
  // one database, the engine's live updates (woken by LISTEN/NOTIFY there), and the lists filtered
  // by permission and namespace in SQL that differs between the two databases. The rest of the
  // browser's paths go through the same domain functions, which the integration tests run on both
  // databases; running them twice would double the suite's longest part for little.
  // E2E_PART=k/n takes the k-th of n parts balanced by time (e2e/support/parts.ts)
  testMatch: (process.env.E2E_DATABASE_URL ? POSTGRESQL_SPECS : part ? specsOfPart(...part) : ["*.spec.ts"]).map((f) => `**/${f}`),
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // under CI a test that fails once is run again and reported as flaky (never silently passed)
  retries: process.env.CI ? 1 : 0,
  // E2E_JSON_REPORT=FILE also writes every test's duration and outcome to FILE (to find slow specs)
  reporter: [
    process.env.CI ? ["line"] : ["list"],
    ...(process.env.E2E_JSON_REPORT ? [["json", { outputFile: process.env.E2E_JSON_REPORT }] as const] : []),
  ],
  outputDir: OUTPUT_DIR,
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    ...devices["Desktop Chrome"],
    viewport: { width: 1366, height: 820 },
    // Debian's chromium instead of a downloaded browser build
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  // the production build must exist (npm run build); e2e/support/serve.mjs starts it on a fresh database
  webServer: {
    command: "node e2e/support/serve.mjs",
    url: `${baseURL}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: { ...E2E_ENV, ADMIN_USERNAME: E2E_ADMIN.username, ADMIN_PASSWORD: E2E_ADMIN.password },
    stdout: "ignore",
    stderr: "pipe",
  },
});
