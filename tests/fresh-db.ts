import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as PgClient } from "@/generated/postgresql/client";
import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { fastCommits } from "./worker-db";

/**
 * A database of its own for tests that act on a whole instance (the CLI's sync-access and
 * migrate default-tenant), of the same kind as the suite's: a new SQLite file or a new PostgreSQL
 * database on the same server. Migrated and bootstrapped like a first start.
 */
export async function freshInstance(extraEnv: Record<string, string> = {}) {
  const suiteUrl = process.env.DATABASE_URL!;
  const name = `tf_inst_${crypto.randomBytes(4).toString("hex")}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-instance-"));
  let url: string;
  let drop = async () => {};
  if (suiteUrl.startsWith("file:")) {
    url = `file:${path.join(dir, "instance.db")}`;
  } else {
    const admin = new pg.Client({ connectionString: suiteUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.query(fastCommits(name));
    await admin.end();
    const u = new URL(suiteUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: suiteUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
  }
  const env = {
    ...process.env,
    DATABASE_URL: url,
    TENANTFLOW_STORAGE_ROOT: path.join(dir, "storage"),
    ADMIN_USERNAME: "admin@instance.test",
    ADMIN_PASSWORD: "instance-admin-password",
    ...extraEnv,
  };
  execFileSync(process.execPath, ["scripts/db-migrate.mjs", "deploy"], { env });
  execFileSync(process.execPath, ["bin/tenantflow.mjs", "bootstrap"], { env });
  const db = (
    url.startsWith("file:")
      ? new SqliteClient({ adapter: new PrismaBetterSqlite3({ url }) })
      : new PgClient({ adapter: new PrismaPg({ connectionString: url }) })
  ) as unknown as PgClient;
  return {
    env,
    db,
    storageRoot: env.TENANTFLOW_STORAGE_ROOT,
    /** Runs the real `tenantflow` command against this instance. */
    cli(...args: string[]) {
      const r = spawnSync(process.execPath, ["bin/tenantflow.mjs", ...args], { env, encoding: "utf8" });
      return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
    },
    async close() {
      await db.$disconnect();
      await drop();
    },
  };
}
