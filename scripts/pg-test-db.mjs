#!/usr/bin/env node
// Creates (create NAME) or drops (drop NAME) a throw-away PostgreSQL database for a test run on
// the server named by PG_ADMIN_URL (default: postgres@127.0.0.1:5432). Prints the new URL.
import pg from "pg";

const [cmd, name] = process.argv.slice(2);
const adminUrl = process.env.PG_ADMIN_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
if (!/^[a-z0-9_]+$/.test(name ?? "")) {
  console.error("usage: pg-test-db.mjs create|drop NAME (lowercase letters, digits, _)");
  process.exit(2);
}
const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
try {
  await client.connect();
} catch (e) {
  console.error(`PostgreSQL is not reachable at ${adminUrl.replace(/\/\/[^@]*@/, "//")}: ${e.message}`);
  process.exit(3);
}
await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
if (cmd === "create") {
  await client.query(`CREATE DATABASE "${name}"`);
  // a test database needs no durability across a crash of the server: commits that do not wait
  // for the disk make the suite's many small transactions several times faster
  await client.query(`ALTER DATABASE "${name}" SET synchronous_commit TO off`);
  const u = new URL(adminUrl);
  u.pathname = "/" + name;
  console.log(u.toString());
}
await client.end();
