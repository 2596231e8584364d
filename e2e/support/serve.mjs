// Starts the production build for the end-to-end suite on a fresh database: the SQLite file is
// removed, a PostgreSQL database is emptied, then scripts/start.mjs migrates and bootstraps it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import pg from "pg";

const url = process.env.DATABASE_URL;
if (url.startsWith("file:")) {
  for (const s of ["", "-wal", "-shm", "-journal"]) fs.rmSync(url.slice(5) + s, { force: true });
} else {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
  await client.end();
}
fs.rmSync(process.env.TENANTFLOW_STORAGE_ROOT, { recursive: true, force: true });
const child = spawn(process.execPath, ["scripts/start.mjs"], { stdio: "inherit", env: process.env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
