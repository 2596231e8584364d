import { vi } from "vitest";
import { resetConfigCache } from "@/lib/config";
import { TEMPLATE_STORAGE_VAR, TEMPLATE_URL_VAR, WORKERS_VAR, workerDatabaseUrl, workerStorageRoot } from "./worker-db";

// Runs in each worker before a test file is loaded: the file's database and storage root are its
// worker's own (tests/worker-db.ts). VITEST_POOL_ID numbers the workers running at once from 1.
const n = Number(process.env.VITEST_POOL_ID);
const workers = Number(process.env[WORKERS_VAR]);
if (!Number.isInteger(n) || n < 1 || n > workers) {
  throw new Error(`worker ${process.env.VITEST_POOL_ID} has no database of its own (global setup made ${workers})`);
}
// Files share their worker's process unless they need isolation (vitest.config.ts): what one file
// may leave behind is put back before the next. The environment as the worker first saw it
// (a file that sets a variable and forgets it, or fails before its own cleanup), spies (vi.spyOn
// on console, say), fake timers.
const state = globalThis as unknown as { __tenantflowEnv?: Record<string, string | undefined> };
if (state.__tenantflowEnv) {
  const first = state.__tenantflowEnv;
  // vitest's own (VITEST_*) are set for each file by vitest itself
  const ours = (key: string) => !key.startsWith("VITEST");
  for (const key of Object.keys(process.env)) if (ours(key) && !(key in first)) delete process.env[key];
  for (const [key, value] of Object.entries(first)) if (ours(key) && value !== undefined && process.env[key] !== value) process.env[key] = value;
} else {
  state.__tenantflowEnv = { ...process.env };
}
vi.restoreAllMocks();
vi.useRealTimers();
// the settings are read from the environment again (lib/config.ts caches them)
resetConfigCache();

process.env.DATABASE_URL = workerDatabaseUrl(process.env[TEMPLATE_URL_VAR]!, n);
process.env.TENANTFLOW_STORAGE_ROOT = workerStorageRoot(process.env[TEMPLATE_STORAGE_VAR]!, n);

// Password hashes at bcrypt's lowest cost (4 instead of the product's 10): the suite creates
// thousands of users, and each hash at cost 10 is ~0.1 s of CPU in pure JavaScript. The hashes are
// real (a wrong password is still refused); the CLI and the server the tests start keep cost 10.
vi.mock("bcryptjs", async (importOriginal) => {
  const real = (await importOriginal<{ default: typeof import("bcryptjs") }>()).default;
  const low = (rounds: unknown) => (typeof rounds === "number" ? Math.min(rounds, 4) : rounds);
  const bcrypt = {
    ...real,
    hash: (s: string, rounds: number | string) => real.hash(s, low(rounds) as number),
    hashSync: (s: string, rounds?: number | string) => real.hashSync(s, low(rounds) as number),
  };
  return { ...bcrypt, default: bcrypt };
});
