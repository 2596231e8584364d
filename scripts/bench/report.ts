// docs/benchmarks.md from a run's results. The analysis of the findings is kept by hand in
// scripts/bench/analysis.md and included as it is.
import fs from "node:fs";
import path from "node:path";
import type { LoadResult } from "./load";
import { type RouteKey, ROUTE_LABELS } from "./labels";
import type { DbResult, RunResult } from "./run";
import type { Summary } from "./stats";

const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "–");
const kb = (bytes: number) => `${f(bytes / 1024)} kB`;
const dbName = (r: DbResult) => (r.db === "sqlite" ? "SQLite" : "PostgreSQL");
const ok = (met: boolean) => (met ? "met" : "**not met**");

export const TARGETS = {
  searchVsFloor: 0.5,
  searchP99: 30,
  // the namespace tree and the flow page, each against the framework floor
  pageVsFloor: 0.35,
  growth: 1.5,
  switchMedian: 300,
  firstLoadKb: 200,
  memoryMb: 450,
};

/** The median (the lower middle one of an even count) of each round's route throughput over that round's floor. */
export function medianRatio(route: number[], floor: number[]): number {
  const each = route.map((rps, i) => rps / floor[i]).sort((a, b) => a - b);
  return each[Math.floor((each.length - 1) / 2)];
}

function table(head: string[], rows: (string | number)[][]) {
  const align = head.map((h, i) => (i === 0 ? "---" : "---:"));
  return [`| ${head.join(" | ")} |`, `| ${align.join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

const errorsOf = (r: Summary | LoadResult) => ("errors" in r ? r.errors + r.non2xx : 0);

/** A line's CPU per response in ms: the server's, on PostgreSQL "+" the database server's; "–" where not measured. */
export function cpuText(db: DbResult["db"], x: Summary | LoadResult): string {
  if (!("serverCpuMs" in x) || x.serverCpuMs === undefined) return "–";
  return db === "postgres" && x.databaseCpuMs !== undefined ? `${f(x.serverCpuMs, 2)} + ${f(x.databaseCpuMs, 2)}` : f(x.serverCpuMs, 2);
}

export function renderReport(run: RunResult): string {
  const o = run.options;
  const c8 = o.conns.includes(8) ? 8 : o.conns[Math.floor(o.conns.length / 2)];
  /**
   * A route's throughput over the framework floor's at `c` connections: with rounds there, the
   * median of the rounds' own ratios (each round's route and floor measured minutes apart at most).
   */
  const ratio = (r: DbResult, key: string, c: number) => {
    const rounds = r.rounds?.conns === c ? r.rounds.rps : undefined;
    if (!rounds?.[key] || !rounds.floor) return r.measured[key][c].rps / r.measured.floor[c].rps;
    return medianRatio(rounds[key], rounds.floor);
  };
  const minutes = (run.finished.getTime() - run.started.getTime()) / 60000;
  const growthSizes = (r: DbResult) => Object.keys(r.growth).map(Number).sort((a, b) => a - b);
  const out: string[] = [];
  const p = (s = "") => out.push(s);

  p("# Benchmarks");
  p();
  p(`Produced by \`${run.command}\` on ${run.started.toISOString().slice(0, 16).replace("T", " ")} UTC;`);
  p(`every table from Machine to Memory comes from that one run, whose part for them took ${f(minutes)} minutes (harness: \`scripts/bench/\`, raw numbers: \`data/bench/results.json\`);`);
  p("the sections after Memory each name the run they come from.");
  p("Benchmarks are not part of the test suite and nothing in the tests times anything.");
  p();

  p("## Machine");
  p();
  const m = run.machine;
  p(table(["fact", "value"], [
    ["CPUs (`nproc`)", m.nproc],
    ["memory", m.memory],
    ["CPU", m.cpu],
    ["kernel", m.kernel],
    ["Node.js / Next.js", `${m.node} / ${m.next}`],
    ["load tool", `autocannon ${m.autocannon} (npm), on loopback, in the harness process`],
    ["browser", `Playwright ${m.playwright}, ${m.chromium}`],
    ...run.results.map((r) => [dbName(r), r.version]),
    ["load average (1/5/15 min) at start", run.loadBefore.map((l) => f(l, 2)).join(" / ")],
    ["load average (1/5/15 min) at end", run.loadAfter.map((l) => f(l, 2)).join(" / ")],
  ]));
  p();
  // the load after the run is mostly the benchmark's own (server, load tool, browser): only the load
  // before it says whether other work shared the machine
  const busy = Math.max(run.loadBefore[0], run.loadBefore[1]) > Number(m.nproc || 2);
  p(busy
    ? `The machine was shared with other work during the run (a load average above its ${m.nproc} CPUs before the benchmark's own load): absolute numbers are lower and noisier than on an idle machine; the ratios, measured side by side in the same minutes, are the more reliable figures.`
    : `The load average before the run was below the machine's ${m.nproc} CPUs (no other heavy work when it started; the load at the end is the benchmark's own).`);
  p();

  p("## Data");
  p();
  p(`Seeded by \`scripts/bench/seed.ts\` with batched multi-row INSERTs through the driver into a fresh database per run (SQLite files under \`data/bench/\`, PostgreSQL databases \`${o.pgPrefix}…\`), after the migrations and the first-start bootstrap.`);
  p();
  const rows: (string | number)[][] = [];
  for (const r of run.results) {
    for (const ds of [r.main, ...r.growthSets]) {
      const c = ds.seed.counts;
      rows.push([
        `${dbName(r)} \`${ds.name}\``, c.Tenant, c.Namespace, c.Flow, c.FlowRevision, c.User, c.Binding, c.Group, c.GroupMember,
        ds.reused ? "reused" : `${f(ds.seed.seconds)} s`,
      ]);
    }
  }
  p(table(["dataset", "tenants", "namespaces", "flows", "revisions", "users", "bindings", "groups", "group members", "seeding"], rows));
  p();
  const s = run.results[0].main.seed;
  p(`Shape: tenant sizes follow 1/rank (a few large tenants, a long tail); namespaces are balanced trees of fan-out 4 up to 5 levels deep, all created explicitly; flows are spread round-robin over their tenant's namespaces, with 1 to 3 revisions (1.75 on average) and about 1 % soft-deleted; flow sources come from four templates (log, schedule + parallel, inputs + if, sleep) and are validated once, with their parsed form stored like the app does. Users: one bcrypt hash for all; tenant-wide Admin/Viewer/Developer, 1 to 4 namespace-scoped bindings, or groups only (groups are bound tenant-wide or on two namespaces).`);
  p();
  p(`Measured tenant: the largest, \`${s.benchTenant}\` (${s.tenantFlows[s.benchTenant]} flows of ${o.scale.flows}, ${s.visibleFlows.admin} not deleted). Principals, each with an API token created like \`lib/tokens\` does:`);
  p(`- **scoped** (\`${s.principals.scoped.username}\`): ${s.scopedNamespaces.length} namespace-scoped bindings (Viewer, Developer, Editor on depth-4 namespaces, none covering another), reads ${s.visibleFlows.scoped} flows;`);
  p(`- **Admin** (\`${s.principals.admin.username}\`): tenant-wide Admin of \`${s.benchTenant}\` and \`${s.otherTenant}\` (also the browser user);`);
  p(`- **Viewer** (\`${s.principals.viewer.username}\`): tenant-wide Viewer, and member of a group.`);
  p();

  p("## Targets");
  p();
  const targetRows: string[][] = [];
  const per = (fn: (r: DbResult) => { text: string; met: boolean }) => run.results.map((r) => fn(r));
  const addTarget = (name: string, cells: { text: string; met: boolean }[]) =>
    targetRows.push([name, ...cells.map((c) => `${c.text} (${ok(c.met)})`)]);
  addTarget(`RBAC search (20 bindings) throughput ≥ ${TARGETS.searchVsFloor} × framework floor, ${c8} connections, ${o.scale.flows} flows`, per((r) => {
    const x = ratio(r, "search-scoped", c8);
    return { text: `${f(x, 2)} × (${f(r.measured["search-scoped"][c8].rps, 0)} / ${f(r.measured.floor[c8].rps, 0)} req/s)`, met: x >= TARGETS.searchVsFloor };
  }));
  addTarget(`RBAC search p99 < ${TARGETS.searchP99} ms, ${c8} connections (the framework floor's own p99 beside it)`, per((r) => {
    const v = r.measured["search-scoped"][c8].p99;
    return { text: `${f(v)} ms (floor ${f(r.measured.floor[c8].p99)} ms)`, met: v < TARGETS.searchP99 };
  }));
  for (const key of ["tree-scoped", "tree-admin", "flow-page"] as RouteKey[]) {
    addTarget(`${ROUTE_LABELS[key]} throughput ≥ ${TARGETS.pageVsFloor} × framework floor, ${c8} connections`, per((r) => {
      const x = ratio(r, key, c8);
      // a server-rendered page beside the framework's own cost of rendering one (when measured)
      const pageFloor = key === "flow-page" ? r.measured["page-floor"]?.[c8] : undefined;
      const beside = pageFloor ? `; the sign-in page, which reads nothing, ${f(ratio(r, "page-floor", c8), 2)} ×` : "";
      return { text: `${f(x, 2)} × (${f(r.measured[key][c8].rps, 0)} req/s${beside})`, met: x >= TARGETS.pageVsFloor };
    }));
  }
  for (const key of ["search-scoped", "search-admin", "tree-scoped"] as RouteKey[]) {
    addTarget(`growth ${key}: time per request ${o.scale.flows}/${Math.min(...growthSizes(run.results[0]))} flows < ${TARGETS.growth}`, per((r) => {
      const sizes = growthSizes(r);
      const ratio = r.growth[sizes[0]][key].rps / r.growth[sizes[sizes.length - 1]][key].rps;
      return { text: `${f(ratio, 2)}`, met: ratio < TARGETS.growth };
    }));
  }
  addTarget(`tenant switch median < ${TARGETS.switchMedian} ms (${o.switches} switches)`, per((r) => ({ text: `${f(r.browser.median, 0)} ms`, met: r.browser.median < TARGETS.switchMedian })));
  addTarget(`first-load JS of the flows page < ${TARGETS.firstLoadKb} kB gzipped`, per(() => ({ text: kb(run.firstLoad.gzip), met: run.firstLoad.gzip / 1024 < TARGETS.firstLoadKb })));
  addTarget(`peak server memory < ${TARGETS.memoryMb} MB`, per((r) => {
    const peak = Math.max(...r.memory.map((x) => x.peakMb));
    return { text: `${f(peak, 0)} MB`, met: peak < TARGETS.memoryMb };
  }));
  p(table(["target", ...run.results.map(dbName)], targetRows));
  p();
  p("Misses are explained under [Analysis](#analysis).");
  p();

  p("## Side by side");
  p();
  p(`Each route runs ${o.warmup} s of warm-up, then ${o.seconds} s measured, at ${o.conns.join(", ")} connections${(o.rounds ?? 1) > 1 ? ` (at ${c8}, in ${o.rounds} rounds)` : ""}, one after the other against the same server (\`next start\` of the production build) on the ${o.scale.flows}-flow dataset. Latencies are per response (median, 99th percentile); × floor is the route's throughput divided by the floor's at the same connection count. The data floor is \`searchFlows\` (the query of the search route, page 1 of 25, the scoped user's filter) awaited in N concurrent loops in a separate Node process, with the tenant context built once: no HTTP, no authentication, no authorization per call. CPU per response is the user and system time that the server's processes (and on PostgreSQL the database server's) used during the measured seconds, from \`/proc\`, divided by the responses: what a route costs the machine, where throughput is what it got of the machine (the load generator runs on the same cores; on a shared machine both move). The data floor runs in its own process and has none.`);
  p();
  const keys = ["floor", "page-floor", "data-floor", "search-scoped", "search-admin", "search-viewer", "tree-scoped", "tree-admin", "flow-page"] as const;
  for (const r of run.results) {
    p(`### ${dbName(r)}`);
    p();
    const body: (string | number)[][] = [];
    for (const c of o.conns) {
      for (const k of keys) {
        const x = r.measured[k]?.[c];
        if (!x) continue;
        body.push([
          ROUTE_LABELS[k], c, f(x.rps, 0), f(x.p50, 2), f(x.p99, 2),
          k === "floor" ? "1" : k === "data-floor" ? f(x.rps / r.measured.floor[c].rps, 2) : f(ratio(r, k, c), 2),
          k === "data-floor" ? "1" : f(x.rps / r.measured["data-floor"][c].rps, 2),
          cpuText(r.db, x),
          errorsOf(x),
        ]);
      }
    }
    p(table(["route", "conns", "req/s", "p50 ms", "p99 ms", "× framework floor", "× data floor", r.db === "postgres" ? "CPU ms per response (server + PostgreSQL)" : "CPU ms per response (server)", "errors"], body));
    p();
    const rounds = r.rounds;
    if (rounds) {
      const n = rounds.rps.floor.length;
      p(`At ${rounds.conns} connections the routes ran in ${n} rounds, each round all of them one after the other; a route's line above is its median round by throughput, and its × framework floor the median of its rounds' own ratios:`);
      p();
      const head = ["route", ...Array.from({ length: n }, (_, i) => `round ${i + 1}`)];
      const each = keys.flatMap((k) =>
        rounds.rps[k] ? [[ROUTE_LABELS[k], ...rounds.rps[k].map((rps, i) => (k === "floor" ? `${f(rps, 0)} req/s` : `${f(rps, 0)} req/s, ${f(rps / rounds.rps.floor[i], 2)} ×`))]] : [],
      );
      p(table(head, each));
      p();
    }
    p(`Checked before timing: ${r.checks.join("; ")}.`);
    p();
  }

  const top = Math.max(...o.conns);
  const setUp = run.results.flatMap((r) => keys.flatMap((k) => {
    const x = r.measured[k]?.[top];
    // HTTP routes only (the data floor's summaries have no connections), and runs that measured it
    if (!x || !("steadyP99" in x) || x.steadyP99 === undefined) return [];
    return [[dbName(r), ROUTE_LABELS[k], f(x.p99, 1), f(x.steadyP99, 1), f(x.firstMax ?? NaN, 1)]];
  }));
  if (setUp.length) {
    p(`### The tail at ${top} connections and connection set-up`);
    p();
    p(`Each measured run opens its ${top} connections anew (the warm-up's are closed). The p99 of the responses that were not their connection's first, beside the p99 of all and the slowest first response: where the two p99 differ, the tail is the connections' set-up (see "The SQLite p99 outliers" under Analysis).`);
    p();
    p(table(["database", "route", "p99 ms", "p99 without first responses, ms", "slowest first response, ms"], setUp));
    p();
  }

  const pgr = run.results.find((r) => r.rls);
  if (pgr?.rls) {
    p("## Row-level security cost");
    p();
    p("PostgreSQL, flow search as the user with 20 namespace bindings, with row-level security on (`TENANTFLOW_PG_RLS=on`, the default: the side-by-side run above) and off (a second server on the same database, started with `TENANTFLOW_PG_RLS=off`). With it on, every operation of a tenant-bound client runs in a transaction that first sets the tenant's role and tenant with set_config(..., true); the driver writes BEGIN and that scope together with the transaction's first statement, under one Sync, so a single read is one round trip (lib/db/client.ts, lib/db/tenant.ts).");
    p();
    p(table(["conns", "off req/s", "off p50 ms", "off p99 ms", "on req/s", "on p50 ms", "on p99 ms", "on / off throughput"],
      o.conns.map((c) => {
        const a = pgr.rls!.off[c];
        const b = pgr.rls!.on[c];
        return [c, f(a.rps, 0), f(a.p50, 2), f(a.p99, 2), f(b.rps, 0), f(b.p50, 2), f(b.p99, 2), f(b.rps / a.rps, 2)];
      })));
    p();
  }

  p("## Growth");
  p();
  p(`The same routes at ${c8} connections on datasets that differ only in their number of flows (tenants, namespaces and users as above). Time per request is 1 / throughput; the last column is its ratio between the largest and the smallest dataset (1.0 = flat).`);
  p();
  for (const r of run.results) {
    const sizes = growthSizes(r);
    p(`### ${dbName(r)}`);
    p();
    p(table(
      ["route", ...sizes.map((n) => `${n} flows: req/s · p50 · p99`), `${sizes[sizes.length - 1]}/${sizes[0]}`],
      (["search-scoped", "search-admin", "tree-scoped"] as RouteKey[]).map((k) => [
        ROUTE_LABELS[k],
        ...sizes.map((n) => `${f(r.growth[n][k].rps, 0)} · ${f(r.growth[n][k].p50, 1)} · ${f(r.growth[n][k].p99, 1)}`),
        f(r.growth[sizes[0]][k].rps / r.growth[sizes[sizes.length - 1]][k].rps, 2),
      ]),
    ));
    p();
    const t = r.main.seed.benchTenant;
    p(`Flows of \`${t}\` per dataset: ${[r.main, ...r.growthSets].sort((a, b) => a.scale.flows - b.scale.flows).map((d) => `${d.seed.tenantFlows[t]} (scoped user: ${d.seed.visibleFlows.scoped})`).join(", ")}.`);
    p();
  }

  p("## In the browser");
  p();
  p(`Playwright drives Chromium against the production server on the ${o.scale.flows}-flow dataset, signed in as the Admin of \`${s.benchTenant}\` and \`${s.otherTenant}\`. A tenant switch is timed inside the page, from the click on the other tenant in the dropdown to the first animation frame after that tenant's flow table shows its first row; ${o.switches} switches alternate between the two tenants (${s.tenantFlows[s.benchTenant]} and ${s.tenantFlows[s.otherTenant]} flows).`);
  p();
  p(table(["database", "median ms", "p90 ms", "max ms", "all switches (ms)"], run.results.map((r) => [
    dbName(r), f(r.browser.median, 0), f(r.browser.p90, 0), f(r.browser.max, 0), r.browser.switches.map((x) => f(x, 0)).join(", "),
  ])));
  p();
  p("### First-load JavaScript of the flows page");
  p();
  p("Next.js 16 no longer prints page sizes, so they are computed from the build output: the root main files every App Router page loads (`.next/build-manifest.json`, `rootMainFiles`) plus the client chunks of the segments of `/ui/[tenant]/flows` (root layout, tenant layout, loading boundary, page: `entryJSFiles` of its client reference manifest), each counted once and gzipped at level 6 (what `next start` sends).");
  p();
  p(table(["chunk", "raw", "gzip"], [
    ...run.firstLoad.chunks.map((c) => [`\`${c.file}\``, kb(c.raw), kb(c.gzip)]),
    ["**total**", `**${kb(run.firstLoad.raw)}**`, `**${kb(run.firstLoad.gzip)}**`],
  ]));
  p();
  p(`Cross-check in the browser (empty cache, first visit of the flows page): ${run.results.map((r) => `${dbName(r)}: ${r.browser.firstLoad.scripts} scripts, ${kb(r.browser.firstLoad.transferred)} transferred, ${kb(r.browser.firstLoad.decoded)} decoded`).join("; ")}.`);
  p();

  p("## Memory");
  p();
  p("Peak resident memory of each server during its part of the run: the highest `VmHWM` (and sampled `VmRSS`, every 250 ms) over the processes of the `next start` tree, read from `/proc/<pid>/status`.");
  p();
  p(table(["database", "server", "peak RSS", "processes (VmHWM)"], run.results.flatMap((r) => r.memory.map((x) => [
    dbName(r), x.label, `${f(x.peakMb, 0)} MB`, x.processes.map((q) => `${q.cmd}: ${f(q.hwmMb, 0)} MB`).join("; "),
  ]))));
  p();

  p("## Analysis");
  p();
  const notes = path.join(path.dirname(new URL(import.meta.url).pathname), "analysis.md");
  p(fs.existsSync(notes) ? fs.readFileSync(notes, "utf8").trim() : "(no analysis written)");
  p();
  return out.join("\n");
}
