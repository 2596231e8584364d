import { defineConfig, devices } from "@playwright/test";
import { E2E_ADMIN, E2E_ENV, OUTPUT_DIR, baseURL } from "./e2e/support/env";

export default defineConfig({
  testDir: "e2e",
  // Specs of what happens in the browser alone (axe over the pages, the editor's completion and
  // unsaved-changes prompts, the phone layout, the topology graph, not-found pages) do not depend on
  // the database: the SQLite lane runs them, the PostgreSQL lane (E2E_DATABASE_URL set) leaves them
  // out and saves minutes of every run. Everything that reads or writes data runs on both.
  testIgnore: process.env.E2E_DATABASE_URL
    ? ["accessibility.spec.ts", "editor-help.spec.ts", "unsaved-changes.spec.ts", "phone.spec.ts", "topology.spec.ts", "not-found.spec.ts"]
    : [],
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
