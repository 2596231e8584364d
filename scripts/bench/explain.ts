// The query plans behind the measured routes: runs the flow search and the namespace tree as one
// of the bench principals, captures the SQL Prisma sends, and prints each statement's plan
// (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN ANALYZE) with its time over 20 runs.
//   DATABASE_URL=file:./data/bench/sqlite-….db node bin/tenantflow-script.mjs scripts/bench/explain.ts scoped|admin|viewer [tenant]
import Database from "better-sqlite3";
import pg from "pg";
import { PrismaClient as PgClient } from "@/generated/postgresql/client";
import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { userActor } from "@/lib/authz/actor";
import type { Db } from "@/lib/db";
import { BENCH_DOMAIN } from "./seed";

type Query = { query: string; params: string };
const url = process.env.DATABASE_URL ?? "";
const postgres = /^postgres(ql)?:\/\//.test(url);
const log = [{ emit: "event" as const, level: "query" as const }];
const client = (postgres
  ? new PgClient({ adapter: new PrismaPg({ connectionString: url }), log })
  : new SqliteClient({ adapter: new PrismaBetterSqlite3({ url }), log })) as unknown as Db & { $on(e: "query", f: (q: Query) => void): void };
const seen: Query[] = [];
client.$on("query", (q) => seen.push(q));
(globalThis as unknown as { __tenantflowDb: Db }).__tenantflowDb = client;

const { tenantContext } = await import("@/lib/authz/context");
const { searchFlows } = await import("@/lib/flows/list");
const { listNamespaces } = await import("@/lib/namespaces/list");
const who = process.argv[2] ?? "scoped";
const tenant = process.argv[3] ?? "t000";
const user = await client.user.findUniqueOrThrow({ where: { username: `bench-${who}@${BENCH_DOMAIN}` } });
const ctx = await tenantContext(userActor(user, "api"), tenant);
const steps: [string, () => Promise<unknown>][] = [
  ["search", () => searchFlows(ctx, {}, { page: 1, size: 25 })],
  ["tree", () => listNamespaces(ctx)],
];
const sqlite = postgres ? null : new Database(url.replace(/^file:/, ""), { readonly: true });
const pgc = postgres ? new pg.Client({ connectionString: url }) : null;
await pgc?.connect();
for (const [name, run] of steps) {
  seen.length = 0;
  await run();
  console.log(`== ${name} (${who} in ${tenant}): ${seen.length} statements`);
  // the transaction a tenant-scoped statement runs in (lib/db/tenant.ts) has no plan of its own
  for (const s of seen.filter((q) => !/^\s*(BEGIN|COMMIT|ROLLBACK)\b/i.test(q.query))) {
    const params = (JSON.parse(s.params) as unknown[]).map((v) => (sqlite && typeof v === "boolean" ? Number(v) : v));
    let plan: string[];
    let ms: number;
    if (sqlite) {
      plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${s.query}`).all(params) as { detail: string }[]).map((r) => r.detail);
      const stmt = sqlite.prepare(s.query);
      const t = performance.now();
      for (let i = 0; i < 20; i++) stmt.all(params);
      ms = (performance.now() - t) / 20;
    } else {
      plan = (await pgc!.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.query}`, params)).rows.map((r) => r["QUERY PLAN"] as string);
      const t = performance.now();
      for (let i = 0; i < 20; i++) await pgc!.query(s.query, params);
      ms = (performance.now() - t) / 20;
    }
    console.log(`-- ${ms.toFixed(2)} ms  ${s.query.slice(0, 160)}${s.query.length > 160 ? "…" : ""}`);
    // MULTI-INDEX OR / BitmapOr list one line per branch: show each distinct line once
    for (const line of [...new Set(plan.map((l) => l.replace(/INDEX \d+$/, "INDEX n")))]) console.log(`   ${line}`);
  }
}
await pgc?.end();
sqlite?.close();
await client.$disconnect();
