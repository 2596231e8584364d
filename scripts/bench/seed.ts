// Benchmark data at scale: tenants, nested namespaces, flows with revisions, users with
// tenant-wide, namespace-scoped and group bindings, written with batched multi-row INSERTs
// straight through the database driver (better-sqlite3 or pg) into a migrated, bootstrapped
// database. The rows are the ones the app itself writes: flow sources that validate, their parsed
// form as lib/flows stores it, revision rows, managed roles as lib/authz/roles-seed creates them,
// binding keys from lib/rbac/binding-key, one bcrypt hash reused for every user, and API tokens
// stored as lib/tokens stores them (sha-256 of the token, its first 10 characters as prefix).
// Deterministic: the same options give the same data (tokens aside).
import crypto from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { MANAGED_ROLES } from "@/lib/authz/permissions";
import { validateFlowSource } from "@/lib/flows/validation";
import { hashPassword } from "@/lib/passwords";
import { bindingKey } from "@/lib/rbac/binding-key";
import { hashToken } from "@/lib/tokens/tokens";

export type SeedOptions = {
  /** file:… (SQLite) or postgresql://… of a migrated, bootstrapped database */
  url: string;
  tenants: number;
  namespaces: number;
  flows: number;
  users: number;
  /** namespace depth, 1 to 5 */
  maxDepth?: number;
  /** direct namespace-scoped bindings of the `scoped` principal */
  scopedBindings?: number;
  /** password of every seeded user (hashed once) */
  password?: string;
  log?: (line: string) => void;
};

export type Principal = { username: string; token: string };

export type SeedResult = {
  seconds: number;
  counts: Record<string, number>;
  /** the largest tenant, where the principals below are measured */
  benchTenant: string;
  /** a second tenant the `admin` principal also administers (the tenant switch) */
  otherTenant: string;
  password: string;
  principals: { admin: Principal; viewer: Principal; scoped: Principal };
  scopedNamespaces: string[];
  /** flows of the bench tenant by kind, for the flow page */
  sampleFlow: { namespace: string; id: string };
  /** how many (non-deleted) flows of the bench tenant each principal may read */
  visibleFlows: { admin: number; viewer: number; scoped: number };
  tenantFlows: Record<string, number>;
  tenantNames: Record<string, string>;
};

export const BENCH_DOMAIN = "bench.tenantflow.dev";
export const BENCH_PASSWORD = "bench-password";
export const principalName = (p: "admin" | "viewer" | "scoped") => `bench-${p}@${BENCH_DOMAIN}`;

// ---------------------------------------------------------------------------------------------
// Shapes

const COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent", "Wonka", "Vandelay", "Oscorp", "Aperture", "Massive", "Pied Piper"];
const ROOTS = ["company", "data", "platform", "sales", "finance", "marketing", "ops", "research", "support", "security", "product", "legal"];
const CHILDREN = ["team", "analytics", "reports", "ingest", "billing", "emea", "apac", "amer", "daily", "weekly", "ml", "etl", "web", "mobile", "core", "infra", "audit", "crm", "search", "quality"];
const VERBS = ["sync", "load", "export", "score", "clean", "publish", "check", "archive", "notify", "build"];
const NOUNS = ["orders", "customers", "invoices", "events", "stock", "leads", "tickets", "payments", "metrics", "logs", "users", "campaigns"];
const TEAMS = ["data", "platform", "finance", "marketing", "ops", "sales"];
const ENVS = ["prod", "staging", "dev"];

// Sentinels: each template is validated once with them, then they are replaced in both the source
// and its parsed JSON (all replacements are plain [a-z0-9._ -] text: nothing to escape).
const S = { id: "zzidzz", ns: "zznszz", desc: "zzdesczz", team: "zzteamzz", env: "zzenvzz", rev: "zzrevzz" };

const TEMPLATES = [
  `id: ${S.id}
namespace: ${S.ns}
description: ${S.desc}
labels:
  team: ${S.team}
  env: ${S.env}
tasks:
  - id: log_task
    type: io.kestra.plugin.core.log.Log
    message: hello from {{ flow.namespace }} ${S.rev}
`,
  `id: ${S.id}
namespace: ${S.ns}
description: ${S.desc}
labels:
  team: ${S.team}
  env: ${S.env}
triggers:
  - id: every_morning
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "0 7 * * *"
tasks:
  - id: collect
    type: io.kestra.plugin.core.flow.Parallel
    tasks:
      - id: first
        type: io.kestra.plugin.core.log.Log
        message: collecting first
      - id: second
        type: io.kestra.plugin.core.log.Log
        message: collecting second
  - id: publish
    type: io.kestra.plugin.core.debug.Return
    format: "published ${S.rev} for {{ execution.startDate }}"
`,
  `id: ${S.id}
namespace: ${S.ns}
description: ${S.desc}
labels:
  team: ${S.team}
  env: ${S.env}
inputs:
  - id: threshold
    type: FLOAT
    defaults: 0.7
tasks:
  - id: check
    type: io.kestra.plugin.core.flow.If
    condition: "{{ inputs.threshold > 0.5 }}"
    then:
      - id: strict
        type: io.kestra.plugin.core.log.Log
        message: strict ${S.rev}
    else:
      - id: lenient
        type: io.kestra.plugin.core.log.Log
        message: lenient ${S.rev}
`,
  `id: ${S.id}
namespace: ${S.ns}
description: ${S.desc}
labels:
  team: ${S.team}
  env: ${S.env}
tasks:
  - id: wait
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT1S
  - id: done
    type: io.kestra.plugin.core.log.Log
    message: done ${S.rev}
`,
];

type Template = { source: string; parsed: string };

function compileTemplates(): Template[] {
  return TEMPLATES.map((source) => {
    const r = validateFlowSource(source);
    if (!r.ok) throw new Error(`bench flow template does not validate: ${JSON.stringify(r.problems)}`);
    return { source, parsed: JSON.stringify(r.flow) };
  });
}

function fill(text: string, v: Record<keyof typeof S, string>) {
  let out = text;
  for (const k of Object.keys(S) as (keyof typeof S)[]) out = out.split(S[k]).join(v[k]);
  return out;
}

/** The flow of one index: its template, names and revisions; pure, so tests can recompute it. */
export function flowShape(index: number) {
  const verb = VERBS[index % VERBS.length];
  const noun = NOUNS[Math.floor(index / VERBS.length) % NOUNS.length];
  return {
    flowId: `${verb}_${noun}_${index}`,
    template: index % TEMPLATES.length,
    description: `${verb[0].toUpperCase()}${verb.slice(1)}s ${noun} ${ENVS[index % 3]}`,
    team: TEAMS[index % TEAMS.length],
    env: ENVS[index % ENVS.length],
    revisions: 1 + (index % 4 === 0 ? 2 : index % 3 === 0 ? 1 : 0),
    deleted: index % 97 === 96,
  };
}

/** Splits `total` over `weights` exactly (largest remainder), at least `min` each when possible. */
export function apportion(total: number, weights: number[], min = 0): number[] {
  const n = weights.length;
  const base = Math.min(min, Math.floor(total / n));
  const rest = total - base * n;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (rest * w) / sum);
  const out = exact.map((x) => base + Math.floor(x));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) out[order[k][1]]++;
  return out;
}

/** Zipf-like tenant sizes (weight 1/rank): a few large tenants, a long tail of small ones. */
export const tenantWeights = (n: number) => Array.from({ length: n }, (_, i) => 1 / (i + 1));

/** A tenant's namespaces: balanced trees of fan-out 4, filled level by level, at most maxDepth deep. */
export function namespaceNames(count: number, maxDepth: number): string[] {
  if (count <= 0) return [];
  const perRoot = Array.from({ length: maxDepth }, (_, d) => 4 ** d).reduce((a, b) => a + b, 0);
  const roots = Math.max(1, Math.ceil(count / perRoot));
  const out: string[] = [];
  let level: string[] = [];
  for (let r = 0; r < roots && out.length < count; r++) {
    const name = ROOTS[r % ROOTS.length] + (r >= ROOTS.length ? String(Math.floor(r / ROOTS.length)) : "");
    level.push(name);
    out.push(name);
  }
  for (let depth = 2; depth <= maxDepth && out.length < count; depth++) {
    const next: string[] = [];
    for (let c = 0; c < 4; c++) {
      for (let p = 0; p < level.length && out.length < count; p++) {
        const offset = (p * 7 + depth * 3) % CHILDREN.length;
        const name = `${level[p]}.${CHILDREN[(offset + c) % CHILDREN.length]}`;
        next.push(name);
        out.push(name);
      }
    }
    level = next;
  }
  return out;
}

const depthOf = (ns: string) => ns.split(".").length;
const covers = (a: string, b: string) => b === a || b.startsWith(a + ".");

/** `count` namespaces none of which covers another, preferring depth 4, then 3, then 5. */
export function pickScopedNamespaces(names: string[], count: number): string[] {
  const byPreference = [4, 3, 5, 2, 1].flatMap((d) => {
    const at = names.filter((n) => depthOf(n) === d);
    // spread over the tree: every k-th candidate first, then the rest
    const step = Math.max(1, Math.floor(at.length / count));
    return [...at.filter((_, i) => i % step === 0), ...at.filter((_, i) => i % step !== 0)];
  });
  const out: string[] = [];
  for (const n of byPreference) {
    if (out.length >= count) break;
    if (!out.some((o) => covers(o, n) || covers(n, o))) out.push(n);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Batched writes through the driver

type Value = string | number | boolean | null;

interface Writer {
  readonly postgres: boolean;
  insert(table: string, columns: string[], rows: Iterable<Value[]>): Promise<number>;
  query<T>(sql: string, params?: Value[]): Promise<T[]>;
  finish(): Promise<void>;
  close(): Promise<void>;
}

const quote = (c: string) => `"${c}"`;

function sqliteWriter(url: string): Writer {
  const file = path.resolve(url.replace(/^file:/, ""));
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -200000");
  const statements = new Map<string, Database.Statement>();
  const BATCH_VARS = 30_000; // SQLite's limit is 32,766 variables per statement
  const toSqlite = (v: Value) => (typeof v === "boolean" ? (v ? 1 : 0) : v);
  return {
    postgres: false,
    async insert(table, columns, rows) {
      const per = Math.max(1, Math.min(500, Math.floor(BATCH_VARS / columns.length)));
      const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) VALUES `;
      const tuple = `(${columns.map(() => "?").join(", ")})`;
      const stmt = (n: number) => {
        const key = `${table}:${n}`;
        let s = statements.get(key);
        if (!s) statements.set(key, (s = sqlite.prepare(head + Array(n).fill(tuple).join(", "))));
        return s;
      };
      let count = 0;
      let batch: Value[] = [];
      let inBatch = 0;
      const flush = () => {
        if (inBatch) stmt(inBatch).run(batch);
        batch = [];
        inBatch = 0;
      };
      // one transaction per 20 batches: large enough to be fast, small enough to keep the WAL modest
      let txRows = 0;
      sqlite.exec("BEGIN");
      for (const row of rows) {
        for (const v of row) batch.push(toSqlite(v));
        inBatch++;
        count++;
        if (inBatch === per) {
          flush();
          if (++txRows % 20 === 0) {
            sqlite.exec("COMMIT");
            sqlite.exec("BEGIN");
          }
        }
      }
      flush();
      sqlite.exec("COMMIT");
      return count;
    },
    async query<T>(sql: string, params: Value[] = []) {
      const stmt = sqlite.prepare(sql.replace(/\$\d+/g, "?"));
      return (stmt.reader ? stmt.all(params.map(toSqlite)) : (stmt.run(params.map(toSqlite)), [])) as T[];
    },
    async finish() {
      sqlite.pragma("wal_checkpoint(TRUNCATE)");
    },
    async close() {
      sqlite.close();
    },
  };
}

async function pgWriter(url: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("SET synchronous_commit = off");
  return {
    postgres: true,
    async insert(table, columns, rows) {
      const per = Math.max(1, Math.min(1000, Math.floor(60_000 / columns.length)));
      const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) VALUES `;
      let count = 0;
      let params: Value[] = [];
      let tuples: string[] = [];
      const flush = async () => {
        if (tuples.length) await client.query(head + tuples.join(", "), params);
        params = [];
        tuples = [];
      };
      await client.query("BEGIN");
      let batches = 0;
      for (const row of rows) {
        const at = params.length;
        tuples.push(`(${row.map((_, i) => `$${at + i + 1}`).join(", ")})`);
        params.push(...row);
        count++;
        if (tuples.length === per) {
          await flush();
          if (++batches % 20 === 0) {
            await client.query("COMMIT");
            await client.query("BEGIN");
          }
        }
      }
      await flush();
      await client.query("COMMIT");
      return count;
    },
    async query<T>(sql: string, params: Value[] = []) {
      return (await client.query(sql, params)).rows as T[];
    },
    async finish() {
      // what autovacuum would have done by the time such a database serves: visibility map and statistics
      await client.query("VACUUM ANALYZE");
    },
    async close() {
      await client.end();
    },
  };
}

/** Batched multi-row INSERTs straight through the driver, and dates as the database keeps Prisma's. */
export async function bulkWriter(url: string) {
  const w: Writer = /^postgres(ql)?:\/\//.test(url) ? await pgWriter(url) : sqliteWriter(url);
  // SQLite rows as Prisma writes them (ISO text with +00:00); PostgreSQL: timestamp(3), UTC
  const date = (ms: number) => (w.postgres ? new Date(ms).toISOString().slice(0, -1) : new Date(ms).toISOString().replace("Z", "+00:00"));
  return { insert: (table: string, columns: string[], rows: Iterable<Value[]>) => w.insert(table, columns, rows), date, finish: () => w.finish(), close: () => w.close() };
}

// ---------------------------------------------------------------------------------------------
// The seed

const pad = (i: number, width: number) => String(i).padStart(width, "0");

export async function seedBench(opts: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const maxDepth = Math.min(5, Math.max(1, opts.maxDepth ?? 5));
  const scopedCount = opts.scopedBindings ?? 20;
  const password = opts.password ?? BENCH_PASSWORD;
  if (opts.tenants < 2) throw new Error("at least 2 tenants (the tenant switch needs two)");
  if (opts.users < 3) throw new Error("at least 3 users (the three bench principals)");
  const w: Writer = /^postgres(ql)?:\/\//.test(opts.url) ? await pgWriter(opts.url) : sqliteWriter(opts.url);
  const pgDate = w.postgres;
  // SQLite rows as Prisma writes them (ISO text with +00:00); PostgreSQL: timestamp(3), UTC
  const date = (ms: number) => {
    const iso = new Date(ms).toISOString();
    return pgDate ? iso.slice(0, -1) : iso.replace("Z", "+00:00");
  };
  const now = Date.parse("2026-11-01T00:00:00Z");
  const DAY = 86_400_000;
  const counts: Record<string, number> = {};
  const add = (table: string, n: number) => (counts[table] = (counts[table] ?? 0) + n);

  try {
    if ((await w.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "Flow"`))[0].n != 0) {
      throw new Error("the database already holds flows: bench data goes into a new database only");
    }
    const width = Math.max(3, String(opts.tenants - 1).length);
    const tenantIds = Array.from({ length: opts.tenants }, (_, i) => `t${pad(i, width)}`);
    const tenantNames = Object.fromEntries(
      tenantIds.map((id, i) => [id, `${COMPANIES[i % COMPANIES.length]}${i >= COMPANIES.length ? ` ${Math.floor(i / COMPANIES.length) + 1}` : ""}`]),
    );
    const weights = tenantWeights(opts.tenants);
    const nsCounts = apportion(opts.namespaces, weights, 1);
    const flowCounts = apportion(opts.flows, weights);
    const nsByTenant = tenantIds.map((_, i) => namespaceNames(nsCounts[i], maxDepth));
    const benchTenant = tenantIds[0];
    const otherTenant = tenantIds[1];

    // tenants and their managed roles (lib/authz/roles-seed.ts: name, description, grants JSON, managed)
    const t0 = date(now - 400 * DAY);
    add("Tenant", await w.insert("Tenant", ["id", "name", "description", "deleted", "createdAt", "updatedAt"],
      tenantIds.map((id) => [id, tenantNames[id], `Benchmark tenant ${id}`, false, t0, t0])));
    const roleId = (t: number, name: string) => `br${t.toString(36)}_${name.toLowerCase()}`;
    const roleNames = Object.keys(MANAGED_ROLES);
    add("Role", await w.insert("Role", ["id", "tenantId", "name", "description", "permissions", "managed", "version", "createdAt", "updatedAt"],
      tenantIds.flatMap((id, t) => roleNames.map((name) => [roleId(t, name), id, name, MANAGED_ROLES[name].description, JSON.stringify(MANAGED_ROLES[name].grants), true, 1, t0, t0]))));

    // namespaces: every one explicit
    let nsSeq = 0;
    add("Namespace", await w.insert("Namespace", ["id", "tenantId", "name", "description", "variables", "pluginDefaults", "version", "createdAt", "updatedAt"],
      (function* () {
        for (let t = 0; t < tenantIds.length; t++) {
          for (const name of nsByTenant[t]) {
            const d = date(now - (300 - (nsSeq % 200)) * DAY);
            yield [`bn${(nsSeq++).toString(36)}`, tenantIds[t], name, `Namespace ${name}`, "{}", "[]", 1, d, d];
          }
        }
      })()));
    log(`  tenants ${counts.Tenant}, roles ${counts.Role}, namespaces ${counts.Namespace}`);

    // flows and their revisions
    const templates = compileTemplates();
    const flowPlan = function* () {
      let index = 0;
      for (let t = 0; t < tenantIds.length; t++) {
        const names = nsByTenant[t];
        for (let j = 0; j < flowCounts[t]; j++, index++) {
          yield { index, tenantId: tenantIds[t], namespace: names[j % names.length], shape: flowShape(index) };
        }
      }
    };
    const sourceOf = (f: { namespace: string; shape: ReturnType<typeof flowShape> }, rev: number, text: string) =>
      fill(text, { id: f.shape.flowId, ns: f.namespace, desc: f.shape.description, team: f.shape.team, env: f.shape.env, rev: `rev ${rev}` });
    const createdAt = (index: number) => now - (200 - (index % 180)) * DAY;
    add("Flow", await w.insert("Flow", ["id", "tenantId", "namespace", "flowId", "revision", "source", "parsed", "description", "labels", "disabled", "deleted", "createdAt", "updatedAt"],
      (function* () {
        for (const f of flowPlan()) {
          const tpl = templates[f.shape.template];
          const rev = f.shape.revisions;
          yield [
            `bf${f.index.toString(36)}`, f.tenantId, f.namespace, f.shape.flowId, rev,
            sourceOf(f, rev, tpl.source), sourceOf(f, rev, tpl.parsed), f.shape.description,
            JSON.stringify({ team: f.shape.team, env: f.shape.env }), false, f.shape.deleted,
            date(createdAt(f.index)), date(createdAt(f.index) + (rev - 1) * DAY + (f.index % 3600) * 1000),
          ];
        }
      })()));
    log(`  flows ${counts.Flow}`);
    add("FlowRevision", await w.insert("FlowRevision", ["id", "tenantId", "namespace", "flowId", "revision", "source", "deleted", "authorId", "createdAt"],
      (function* () {
        for (const f of flowPlan()) {
          const tpl = templates[f.shape.template];
          for (let rev = 1; rev <= f.shape.revisions; rev++) {
            yield [`bv${f.index.toString(36)}_${rev}`, f.tenantId, f.namespace, f.shape.flowId, rev, sourceOf(f, rev, tpl.source), false, null,
              date(createdAt(f.index) + (rev - 1) * DAY + (rev === f.shape.revisions ? (f.index % 3600) * 1000 : 0))];
          }
        }
      })()));
    log(`  revisions ${counts.FlowRevision}`);

    // users: one bcrypt hash for all; the three principals first
    const passwordHash = await hashPassword(password);
    const userId = (k: number) => `bu${k.toString(36)}`;
    const usernames = Array.from({ length: opts.users }, (_, k) =>
      k === 0 ? principalName("admin") : k === 1 ? principalName("viewer") : k === 2 ? principalName("scoped") : `user${pad(k, 4)}@${BENCH_DOMAIN}`);
    add("User", await w.insert("User", ["id", "username", "passwordHash", "displayName", "superadmin", "canCreateTenant", "serviceAccount", "createdAt", "updatedAt"],
      usernames.map((u, k) => [userId(k), u, passwordHash, k < 3 ? `Bench ${["admin", "viewer", "scoped"][k]}` : `User ${k}`, false, false, false, t0, t0])));

    // memberships: each user's home tenant in proportion to tenant size, every 10th also a second one
    const cumulative: number[] = [];
    weights.reduce((acc, x, i) => (cumulative[i] = acc + x), 0);
    const totalWeight = cumulative[cumulative.length - 1];
    const homeOf = (k: number) => {
      const x = ((k - 3 + 0.5) / Math.max(1, opts.users - 3)) * totalWeight;
      return Math.max(0, cumulative.findIndex((c) => c >= x));
    };
    const access: [number, number][] = []; // [tenant, user]
    const members = new Map<number, number[]>(); // tenant -> users
    const join = (t: number, k: number) => {
      access.push([t, k]);
      (members.get(t) ?? members.set(t, []).get(t)!).push(k);
    };
    join(0, 0);
    join(1, 0);
    join(0, 1);
    join(0, 2);
    for (let k = 3; k < opts.users; k++) {
      const home = homeOf(k);
      join(home, k);
      if (k % 10 === 0) join((home + 1 + (k % 7)) % opts.tenants, k);
    }
    add("TenantAccess", await w.insert("TenantAccess", ["tenantId", "userId", "createdAt"], access.map(([t, k]) => [tenantIds[t], userId(k), t0])));

    // groups: one per 50 namespaces of a tenant, bound tenant-wide (every 5th) or on two namespaces
    type BindingRow = { tenant: number; role: string; userId?: string; groupId?: string; namespace?: string | null };
    const bindings: BindingRow[] = [];
    const groups: { id: string; tenant: number; name: string }[] = [];
    const groupMembers: [string, number, number][] = []; // [groupId, tenant, user]
    const rnd = mulberry32(42);
    const pickNs = (t: number) => nsByTenant[t][Math.floor(rnd() * nsByTenant[t].length)];
    for (let t = 0; t < opts.tenants; t++) {
      const g = Math.max(1, Math.ceil(nsByTenant[t].length / 50));
      for (let i = 0; i < g; i++) {
        const id = `bg${t.toString(36)}_${i}`;
        groups.push({ id, tenant: t, name: `team-${CHILDREN[i % CHILDREN.length]}-${i}` });
        if (i % 5 === 0) bindings.push({ tenant: t, role: "Viewer", groupId: id, namespace: null });
        else for (const role of ["Editor", "Viewer"]) bindings.push({ tenant: t, role, groupId: id, namespace: pickNs(t) });
      }
    }
    const groupsOf = (t: number) => groups.filter((g) => g.tenant === t);
    // the principals: tenant-wide Admin in two tenants, tenant-wide Viewer, and N scoped bindings
    bindings.push({ tenant: 0, role: "Admin", userId: userId(0) }, { tenant: 1, role: "Admin", userId: userId(0) }, { tenant: 0, role: "Viewer", userId: userId(1) });
    const scopedNamespaces = pickScopedNamespaces(nsByTenant[0], scopedCount);
    const scopedRoles = ["Viewer", "Developer", "Viewer", "Editor"];
    scopedNamespaces.forEach((ns, i) => bindings.push({ tenant: 0, role: scopedRoles[i % scopedRoles.length], userId: userId(2), namespace: ns }));
    groupMembers.push([groupsOf(0)[0].id, 0, 1]); // the viewer is also in a group
    // everyone else: tenant-wide, namespace-scoped (1 to 4), or through groups only
    for (const [t, k] of access) {
      if (k < 3) continue;
      const category = k % 10;
      if (category <= 2) bindings.push({ tenant: t, role: ["Admin", "Viewer", "Developer"][category], userId: userId(k), namespace: null });
      else if (category <= 6) {
        for (let b = 0; b < category - 2; b++) bindings.push({ tenant: t, role: ["Developer", "Editor", "Launcher", "Viewer"][(k + b) % 4], userId: userId(k), namespace: pickNs(t) });
      }
      const tg = groupsOf(t);
      if (category >= 7 || rnd() < 0.2) {
        groupMembers.push([tg[k % tg.length].id, t, k]);
        if (category >= 8 && tg.length > 1) groupMembers.push([tg[(k + 1) % tg.length].id, t, k]);
      }
    }
    add("Group", await w.insert("Group", ["id", "tenantId", "name", "description", "createdAt", "updatedAt"],
      groups.map((g) => [g.id, tenantIds[g.tenant], g.name, `Benchmark group ${g.name}`, t0, t0])));
    const uniqueMembers = [...new Map(groupMembers.map((m) => [`${m[0]}|${m[2]}`, m])).values()];
    add("GroupMember", await w.insert("GroupMember", ["tenantId", "groupId", "userId"], uniqueMembers.map(([g, t, k]) => [tenantIds[t], g, userId(k)])));
    const seen = new Set<string>();
    let bSeq = 0;
    add("Binding", await w.insert("Binding", ["id", "tenantId", "roleId", "userId", "groupId", "namespace", "key", "createdAt"],
      (function* () {
        for (const b of bindings) {
          const row = { roleId: roleId(b.tenant, b.role), userId: b.userId ?? null, groupId: b.groupId ?? null, namespace: b.namespace ?? null };
          const key = bindingKey(row);
          if (seen.has(`${b.tenant}|${key}`)) continue;
          seen.add(`${b.tenant}|${key}`);
          yield [`bb${(bSeq++).toString(36)}`, tenantIds[b.tenant], row.roleId, row.userId, row.groupId, row.namespace, key, t0];
        }
      })()));

    // API tokens for the principals, as lib/tokens creates them
    const tokens = ["admin", "viewer", "scoped"].map((name, k) => ({ k, name, token: "tf_" + crypto.randomBytes(32).toString("base64url") }));
    add("ApiToken", await w.insert("ApiToken", ["id", "userId", "name", "tokenHash", "prefix", "createdAt"],
      tokens.map((t) => [`bt${t.k}_${crypto.randomBytes(4).toString("hex")}`, userId(t.k), "bench", hashToken(t.token), t.token.slice(0, 10), date(Date.now())])));
    log(`  users ${counts.User}, access ${counts.TenantAccess}, groups ${counts.Group}, members ${counts.GroupMember}, bindings ${counts.Binding}`);

    await w.finish();

    // what the principals may read in the bench tenant, counted independently of the app's code
    const benchFlows = await w.query<{ namespace: string; n: number | string }>(
      `SELECT "namespace", COUNT(*) AS n FROM "Flow" WHERE "tenantId" = $1 AND "deleted" = $2 GROUP BY "namespace"`,
      [benchTenant, false],
    );
    const total = benchFlows.reduce((s, r) => s + Number(r.n), 0);
    const scoped = benchFlows.filter((r) => scopedNamespaces.some((p) => covers(p, r.namespace))).reduce((s, r) => s + Number(r.n), 0);
    const sampleNs = scopedNamespaces[0];
    const sample = await w.query<{ flowId: string; namespace: string }>(
      `SELECT "flowId", "namespace" FROM "Flow" WHERE "tenantId" = $1 AND "namespace" = $2 AND "deleted" = $3 ORDER BY "flowId" LIMIT 1`,
      [benchTenant, sampleNs, false],
    );
    return {
      seconds: (performance.now() - started) / 1000,
      counts,
      benchTenant,
      otherTenant,
      password,
      principals: {
        admin: { username: usernames[0], token: tokens[0].token },
        viewer: { username: usernames[1], token: tokens[1].token },
        scoped: { username: usernames[2], token: tokens[2].token },
      },
      scopedNamespaces,
      sampleFlow: sample[0] ? { namespace: sample[0].namespace, id: sample[0].flowId } : { namespace: sampleNs, id: "none" },
      visibleFlows: { admin: total, viewer: total, scoped },
      tenantFlows: Object.fromEntries(tenantIds.map((id, t) => [id, flowCounts[t]])),
      tenantNames,
    };
  } finally {
    await w.close();
  }
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
