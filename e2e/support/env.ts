// The end-to-end server's settings, shared by playwright.config.ts, the server launcher and the
// fixtures that prepare data in the same database.
import path from "node:path";

export const PORT = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${PORT}`;
// A run's files (its SQLite database, its storage root) and what it writes for people to look at
// (screenshots, traces): two runs at once (npm test's SQLite and PostgreSQL lanes) each set their own.
export const DATA_DIR = process.env.E2E_DATA_DIR || "./data";
export const OUTPUT_DIR = process.env.E2E_OUTPUT_DIR || "test-results";
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL || `file:${DATA_DIR}/e2e.db`;
export const E2E_ADMIN = { username: "admin@e2e.test", password: "e2e-admin-password" };

export const E2E_ENV: Record<string, string> = {
  PORT: String(PORT),
  HOST: "127.0.0.1",
  DATABASE_URL: E2E_DATABASE_URL,
  TENANTS_ENABLED: "true",
  TENANTS_DEFAULT_TENANT: "true",
  NEXTAUTH_URL: baseURL,
  NEXTAUTH_SECRET: "e2e-session-secret-not-for-production",
  TENANTFLOW_SECRET_KEY: "e2e-instance-key-0123456789abcdef0123456789",
  TENANTFLOW_STORAGE_ROOT: `${DATA_DIR}/e2e-storage`,
  NEXT_TELEMETRY_DISABLED: "1",
  // a plugin package that installs and one that fails to load (the plugins page lists both)
  // the git tasks' spec syncs from a repository on the local disk
  TENANTFLOW_GIT_SCHEMES: "https,ssh,file",
  TENANTFLOW_PLUGINS: [path.resolve("tests/fixtures/plugins/greeting"), path.resolve("tests/fixtures/plugins/throws-on-import")].join(","),
};
