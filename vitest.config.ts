import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

// Integration tests run on a fresh database: PostgreSQL when TEST_DATABASE_URL names one, else a
// new SQLite file. tests/global-setup.ts migrates it before any test runs.
const databaseUrl =
  process.env.TEST_DATABASE_URL || `file:${path.join(os.tmpdir(), `tenantflow-test-${process.pid}-${Date.now()}.db`)}`;
process.env.DATABASE_URL = databaseUrl;

const testEnv: Record<string, string> = {
  DATABASE_URL: databaseUrl,
  TENANTS_ENABLED: "true",
  TENANTS_DEFAULT_TENANT: "true",
  NEXTAUTH_SECRET: "test-secret-for-session-tokens-only",
  TENANTFLOW_SECRET_KEY: "test-instance-key-0123456789abcdef0123456789",
  TENANTFLOW_STORAGE_ROOT: path.join(os.tmpdir(), `tenantflow-test-storage-${process.pid}-${Date.now()}`),
  ADMIN_USERNAME: "",
  ADMIN_PASSWORD: "",
};
// global setup (migrations, first start) runs in this process: it needs the same settings
Object.assign(process.env, testEnv);

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside React Server Components; tests run in plain Node
      "server-only": path.join(root, "tests/empty.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "cli/**/*.test.ts", "tests/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // one file at a time: tests compare whole tables before and after a refused request
    fileParallelism: false,
    env: testEnv,
  },
});
