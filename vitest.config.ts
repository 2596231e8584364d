import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";
import { TEMPLATE_STORAGE_VAR, TEMPLATE_URL_VAR, WORKERS_VAR, isPostgresUrl } from "./tests/worker-db";

const root = path.dirname(fileURLToPath(import.meta.url));

// Integration tests run on a fresh database: PostgreSQL when TEST_DATABASE_URL names one, else a
// new SQLite file. tests/global-setup.ts migrates it before any test runs, as the template of one
// database per worker (tests/worker-db.ts).
const databaseUrl =
  process.env.TEST_DATABASE_URL || `file:${path.join(os.tmpdir(), `tenantflow-test-${process.pid}-${Date.now()}.db`)}`;
process.env.DATABASE_URL = databaseUrl;

const storageRoot = path.join(os.tmpdir(), `tenantflow-test-storage-${process.pid}-${Date.now()}`);

// Test files run in parallel, each worker on a database of its own. TEST_WORKERS overrides how
// many at once (1: one file after the other, as on a machine with a single core).
const workers = Math.max(1, Number(process.env.TEST_WORKERS) || Math.min(4, os.availableParallelism()));

const testEnv: Record<string, string> = {
  DATABASE_URL: databaseUrl,
  [TEMPLATE_URL_VAR]: databaseUrl,
  [TEMPLATE_STORAGE_VAR]: storageRoot,
  [WORKERS_VAR]: String(workers),
  TENANTS_ENABLED: "true",
  TENANTS_DEFAULT_TENANT: "true",
  NEXTAUTH_SECRET: "test-secret-for-session-tokens-only",
  TENANTFLOW_SECRET_KEY: "test-instance-key-0123456789abcdef0123456789",
  TENANTFLOW_STORAGE_ROOT: storageRoot,
  ADMIN_USERNAME: "",
  ADMIN_PASSWORD: "",
  // script tasks run on the default worker group in tests (unset on an instance: nowhere)
  TENANTFLOW_SCRIPT_WORKER_GROUPS: "default",
};
// global setup (migrations, first start) runs in this process: it needs the same settings
Object.assign(process.env, testEnv);

// Test files share their worker's process (isolate: false): each file's imports are evaluated once
// per worker instead of once per file, which was a third of the suite's time (a new process and
// the whole module graph per file). tests/worker-setup.ts puts back, before each file, what a file
// could leave behind: the environment, spies, fake timers, the settings cache. A file that replaces modules
// (vi.mock, vi.doMock), stubs the environment or globals, or says `// vitest: isolate` (it
// registers plugins, say) runs in a process of its own, as every file did before.
const NEEDS_ISOLATION = /\bvi\.(mock|doMock|unmock|stubEnv|stubGlobal)\(|^\/\/ vitest: isolate\b/m;
// the unit tests beside the code (lib/, plugins/) touch no database (a lint rule keeps it so): they
// run in the SQLite run only, and the PostgreSQL run takes the integration tests
const testDirs = isPostgresUrl(databaseUrl) ? ["cli", "tests"] : ["lib", "cli", "plugins", "tests"];
const include = testDirs.map((dir) => `${dir}/**/*.test.ts`);
const isolated = testDirs
  .flatMap((dir) =>
    fs
      .readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".test.ts") && !f.split(path.sep).includes("node_modules"))
      .map((f) => path.posix.join(dir, ...f.split(path.sep))),
  )
  .filter((file) => NEEDS_ISOLATION.test(fs.readFileSync(path.join(root, file), "utf8")));

const resolve = {
  alias: {
    "@": root,
    // `server-only` throws outside React Server Components; tests run in plain Node
    "server-only": path.join(root, "tests/empty.ts"),
  },
};
const common = {
  environment: "node" as const,
  setupFiles: ["tests/worker-setup.ts"],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  env: testEnv,
};

export default defineConfig({
  // vitest's cache (the files' last durations, so the slowest start first) apart per database, so
  // that npm test's SQLite and PostgreSQL runs at the same time share no file
  cacheDir: path.join(root, "node_modules/.vite", isPostgresUrl(databaseUrl) ? "postgresql" : "sqlite"),
  resolve,
  test: {
    // once for the run (the projects below have none of their own)
    globalSetup: ["tests/global-setup.ts"],
    // files in parallel: tests that compare whole tables before and after a refused request see
    // only their own file's writes, since every worker has a database of its own
    fileParallelism: workers > 1,
    maxWorkers: workers,
    // one pool for both projects: "isolated" runs first, then "shared" reuses its workers' processes
    projects: [
      { resolve, test: { ...common, name: "isolated", include: isolated, isolate: true } },
      { resolve, test: { ...common, name: "shared", include, exclude: [...configDefaults.exclude, ...isolated], isolate: false } },
    ],
  },
});
