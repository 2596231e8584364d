import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { TEMPLATE_STORAGE_VAR, WORKERS_VAR, databaseName, fastCommits, isPostgresUrl, workerDatabaseUrl, workerStorageRoot } from "./worker-db";


/** Runs `fn` on a connection to the server's maintenance database (not the template: a database
 * cannot be copied while anyone is connected to it). */
async function onServer(url: string, fn: (c: pg.Client) => Promise<void>) {
  const u = new URL(url);
  u.pathname = "/postgres";
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

// Migrates the test database chosen in vitest.config.ts: a fresh SQLite file, or the PostgreSQL
// database named by TEST_DATABASE_URL, emptied first (never point it at data you want to keep).
// It is the template of the workers' databases (tests/worker-db.ts): one copy per worker, named
// after it (on PostgreSQL `<name>_w1`, `<name>_w2`, ... dropped again at the end).
export default async function setup() {
  const url = process.env.DATABASE_URL!;
  const workers = Number(process.env[WORKERS_VAR]);
  const storageRoot = process.env[TEMPLATE_STORAGE_VAR]!;
  const copies = Array.from({ length: workers }, (_, i) => workerDatabaseUrl(url, i + 1));
  if (isPostgresUrl(url)) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
    await client.query(fastCommits(databaseName(url)));
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

  const sqliteFiles = (u: string) => ["", "-wal", "-shm", "-journal"].map((s) => u.slice(5) + s);
  if (isPostgresUrl(url)) {
    await onServer(url, async (c) => {
      for (const copy of copies) {
        await c.query(`DROP DATABASE IF EXISTS "${databaseName(copy)}" WITH (FORCE)`);
        await c.query(`CREATE DATABASE "${databaseName(copy)}" TEMPLATE "${databaseName(url)}"`);
        await c.query(fastCommits(databaseName(copy)));
      }
    });
  } else {
    // everything in the main file first, then a plain copy of it per worker
    const template = new Database(url.slice(5));
    template.pragma("wal_checkpoint(TRUNCATE)");
    template.close();
    for (const copy of copies) {
      for (const f of sqliteFiles(copy)) fs.rmSync(f, { force: true });
      fs.copyFileSync(url.slice(5), copy.slice(5));
    }
  }

  return async () => {
    if (isPostgresUrl(url)) {
      await onServer(url, async (c) => {
        for (const copy of copies) await c.query(`DROP DATABASE IF EXISTS "${databaseName(copy)}" WITH (FORCE)`);
      });
    } else {
      for (const u of [url, ...copies]) for (const f of sqliteFiles(u)) fs.rmSync(f, { force: true });
    }
    for (const root of [storageRoot, ...copies.map((_, i) => workerStorageRoot(storageRoot, i + 1))]) fs.rmSync(root, { recursive: true, force: true });
  };
}
