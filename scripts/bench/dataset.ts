// A benchmark database: created fresh (a SQLite file under data/bench/, or a new PostgreSQL
// database), migrated and bootstrapped like a first start, then seeded at scale. Never the dev
// database: the SQLite path and the PostgreSQL name are the benchmark's own.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { BENCH_DOMAIN, BENCH_PASSWORD, type SeedResult, seedBench } from "./seed";

export type DbKind = "sqlite" | "postgres";
export type Scale = { tenants: number; namespaces: number; flows: number; users: number };
export type Dataset = { db: DbKind; scale: Scale; url: string; name: string; seed: SeedResult; reused: boolean };

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
export const BENCH_DIR = path.join(ROOT, "data", "bench");
export const SUPERADMIN = { username: `root@${BENCH_DOMAIN}`, password: BENCH_PASSWORD };
const PG_ADMIN_URL = process.env.PG_ADMIN_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

const scaleName = (s: Scale) => `t${s.tenants}_n${s.namespaces}_f${s.flows}_u${s.users}`;

export function datasetName(db: DbKind, scale: Scale, pgPrefix: string) {
  return db === "sqlite" ? `sqlite-${scaleName(scale)}` : `${pgPrefix}${scaleName(scale)}`;
}

function urlFor(db: DbKind, name: string) {
  if (db === "sqlite") return `file:${path.join(BENCH_DIR, `${name}.db`)}`;
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function dropDataset(db: DbKind, name: string) {
  if (db === "sqlite") {
    for (const s of ["", "-wal", "-shm", "-journal", ".json"]) fs.rmSync(path.join(BENCH_DIR, `${name}.db${s}`), { force: true });
  } else {
    await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

/** Environment of every process that works on the dataset (migrations, bootstrap, server). */
export function instanceEnv(url: string): Record<string, string> {
  return {
    DATABASE_URL: url,
    TENANTS_ENABLED: "true",
    TENANTS_DEFAULT_TENANT: "true",
    NEXTAUTH_SECRET: "bench-session-secret-not-for-production",
    TENANTFLOW_SECRET_KEY: "bench-instance-key-0123456789abcdef0123456789",
    TENANTFLOW_STORAGE_ROOT: path.join(BENCH_DIR, "storage"),
    ADMIN_USERNAME: SUPERADMIN.username,
    ADMIN_PASSWORD: SUPERADMIN.password,
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

/**
 * Creates, migrates, bootstraps and seeds a dataset; with `reuse`, a dataset already seeded with
 * the same scale is kept as it is (its seed record is read back).
 */
export async function prepareDataset(
  db: DbKind,
  scale: Scale,
  opts: { reuse?: boolean; pgPrefix: string; log?: (s: string) => void },
): Promise<Dataset> {
  const log = opts.log ?? (() => {});
  const name = datasetName(db, scale, opts.pgPrefix);
  if (db === "postgres" && !/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  const url = urlFor(db, name);
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const record = path.join(BENCH_DIR, `${name}.seed.json`);
  if (opts.reuse && fs.existsSync(record)) {
    const exists = db === "sqlite"
      ? fs.existsSync(path.join(BENCH_DIR, `${name}.db`))
      : await pgAdmin(async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1);
    if (exists) {
      log(`${db}: reusing ${name}`);
      return { db, scale, url, name, seed: JSON.parse(fs.readFileSync(record, "utf8")), reused: true };
    }
  }
  fs.rmSync(record, { force: true });
  await dropDataset(db, name);
  if (db === "postgres") await pgAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const env = { ...process.env, ...instanceEnv(url) };
  execFileSync(process.execPath, [path.join(ROOT, "scripts/db-migrate.mjs"), "deploy"], { env, cwd: ROOT, stdio: "pipe" });
  execFileSync(process.execPath, [path.join(ROOT, "bin/tenantflow.mjs"), "bootstrap"], { env, cwd: ROOT, stdio: "pipe" });
  log(`${db}: seeding ${name} (${scale.tenants} tenants, ${scale.namespaces} namespaces, ${scale.flows} flows, ${scale.users} users)`);
  const seed = await seedBench({ url, ...scale, log });
  log(`${db}: seeded in ${seed.seconds.toFixed(1)} s`);
  fs.writeFileSync(record, JSON.stringify(seed, null, 2), { mode: 0o600 });
  return { db, scale, url, name, seed, reused: false };
}
