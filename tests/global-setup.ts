import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

// Migrates the test database chosen in vitest.config.ts: a fresh SQLite file, or the PostgreSQL
// database named by TEST_DATABASE_URL, emptied first (never point it at data you want to keep).
export default async function setup() {
  const url = process.env.DATABASE_URL!;
  if (/^postgres(ql)?:\/\//.test(url)) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
    await client.end();
  }
  execFileSync(process.execPath, [path.resolve("scripts/db-migrate.mjs"), "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: "inherit",
  });
  // the default tenant and its managed roles, as on a first start
  execFileSync(process.execPath, [path.resolve("bin/tenantflow.mjs"), "bootstrap"], {
    env: { ...process.env, DATABASE_URL: url, ADMIN_USERNAME: "admin@test.local", ADMIN_PASSWORD: "admin-test-password" },
  });
  return () => {
    if (url.startsWith("file:")) for (const s of ["", "-wal", "-shm", "-journal"]) fs.rmSync(url.slice(5) + s, { force: true });
  };
}
