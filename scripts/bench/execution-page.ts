// The execution page in a real browser, on the production build: part of `npm run bench`; alone:
//
//   npm run bench -- --ui-only [--db sqlite|postgres|both] [--ui-runs N] [--quick] [--no-build]
//
// On a fresh database per kind (a few seeded users and tenants, dropped after):
// - Execute → first log line: the flow page of a one-task Log flow, its Execute dialog, and the
//   time from the click on the dialog's Execute to the first frame after the execution page shows
//   the task's log line on its Logs tab (the engine runs inside the server, as `npm start` does);
// - the first-load JavaScript of the execution page (from the build's manifests, and in the browser);
// - an execution with 10,000 task runs and 100,000 log lines, written straight into the store
//   (the rows the engine writes, bulk-inserted through the tenant's client, not run): the page's
//   time to interactive, scrolling its Gantt to the last task run, and its Logs tab (shown,
//   filtered by a search text, scrolled to the end), each timed inside the page.
// Writes (or replaces) the "Execution page" section of docs/benchmarks.md.
import { readSection, writeSection } from "./sections";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { launchBrowser, login } from "./browser";
import { BENCH_DIR, type DbKind, ROOT, instanceEnv } from "./dataset";
import { dbVersion, freshDatabase, tsNode } from "./executions";
import { type FirstLoad, firstLoadJs } from "./first-load";
import { BENCH_PASSWORD, principalName, seedBench } from "./seed";
import { type Server, startServer } from "./server";
import { median, percentile } from "./stats";

export const EXECUTION_PAGE = "/ui/[tenant]/executions/[namespace]/[flowId]/[executionId]/page";
export const TARGETS = { firstLoadKb: 250 };

const NAMESPACE = "bench.ui";
const TASK_RUNS = 10_000;
const LOG_LINES = 100_000;
/** one log line in this many says "checksum mismatch": the search text's matches */
const NEEDLE_EVERY = 1000;
const NEEDLE = "checksum";
const HELLO = "Hello from";

const HELLO_FLOW = `id: hello
namespace: ${NAMESPACE}
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "${HELLO} {{ execution.id }}"
`;

// the flow the large execution is recorded for: a loop over its input's items, each writing lines
const WIDE_FLOW = `id: wide
namespace: ${NAMESPACE}
inputs:
  - id: items
    type: JSON
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: "{{ inputs.items }}"
    tasks:
      - id: work
        type: io.kestra.plugin.core.log.Log
        message: "{{ taskrun.value }}"
`;

export type Stat = { values: number[]; median: number; p90: number; max: number };
const stat = (values: number[]): Stat => ({
  values,
  median: median(values),
  p90: percentile([...values].sort((a, b) => a - b), 90),
  max: values.length ? Math.max(...values) : NaN,
});

export type LoadRun = {
  /** navigation start → the execution page in the DOM */
  shown: number;
  /** navigation start → the first frame after a click on the tab took effect and its content shows */
  interactive: number;
  /** navigation start → the Logs tab counts every line (the log stream delivered them all) */
  logsLoaded: number;
  /** total blocking time (long tasks beyond 50 ms) until interactive, then until all lines were in */
  tbtInteractive: number;
  tbtLoaded: number;
  longestTask: number;
};
export type ExecutionPageDb = {
  db: DbKind;
  version: string;
  executeToLog: { warmup: number; line: Stat; page: Stat; counted: Stat };
  browserFirstLoad: { scripts: number; transferred: number; decoded: number };
  /** the log stream of the large execution over HTTP, without a browser: first line, every line */
  stream: { first: number[]; all: number[] };
  gantt: { loads: LoadRun[]; scrollFrames: Stat; slowFrames: number; toEnd: number[] };
  logs: {
    loads: LoadRun[];
    show: number[];
    keystrokes: Stat;
    filter: number[];
    clear: number[];
    toEnd: number[];
  };
  seed: { seconds: number; taskRuns: number; logLines: number };
};
export type ExecutionPageResult = {
  command?: string;
  finished: string;
  loadBefore: number[];
  loadAfter: number[];
  runs: number;
  loads: number;
  firstLoad: FirstLoad;
  results: ExecutionPageDb[];
};

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);
const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "–");
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

// ---------------------------------------------------------------------------------------------
// Seeding: in a process bound to the database, through the product's functions and client

type SeedOut = { tenant: string; executionId: string; seconds: number; taskRuns: number; logLines: number };

/** Inside the child process (DATABASE_URL is the fresh database). */
async function seedLarge(tenant: string): Promise<SeedOut> {
  const { cliActor } = await import("@/lib/authz/actor");
  const { tenantContext } = await import("@/lib/authz/context");
  const { tenantDb } = await import("@/lib/db");
  const { createFlow } = await import("@/lib/flows/flows");
  const { newId } = await import("@/lib/executions/store");
  const t = performance.now();
  const ctx = await tenantContext(cliActor(), tenant);
  await createFlow(ctx, HELLO_FLOW);
  await createFlow(ctx, WIDE_FLOW);
  const db = tenantDb(tenant);

  // an ended run of `wide`: the loop's task run, then 9,999 iterations, 10 ms apart, 40 ms each
  const t0 = Date.parse("2026-11-01T08:00:00.000Z");
  const iso = (ms: number) => new Date(ms).toISOString();
  const at = (ms: number, states: string[]) => states.map((state, i) => ({ state, date: iso(ms + i * 20) }));
  const executionId = newId();
  const children = TASK_RUNS - 1;
  const end = t0 + 50 + children * 10 + 100;
  const values = Array.from({ length: children }, (_v, i) => `v${i}`);
  const linesPerRun = LOG_LINES / TASK_RUNS;
  let logBytes = 0;
  await db.execution.create({
    data: {
      id: executionId,
      tenantId: tenant,
      namespace: NAMESPACE,
      flowId: "wide",
      flowRevision: 1,
      inputs: JSON.stringify({ items: values }),
      state: "SUCCESS",
      histories: JSON.stringify([{ state: "CREATED", date: iso(t0) }, { state: "RUNNING", date: iso(t0 + 20) }, { state: "SUCCESS", date: iso(end) }]),
      trigger: JSON.stringify({ kind: "api" }),
      startDate: new Date(t0),
      endDate: new Date(end),
      createdAt: new Date(t0),
    },
  });
  // the task runs and lines: batched multi-row INSERTs through the driver (the engine's rows)
  const { bulkWriter } = await import("./seed");
  const w = await bulkWriter(process.env.DATABASE_URL!);
  const parentId = newId();
  const TR = ["id", "tenantId", "executionId", "seq", "taskId", "parentTaskRunId", "value", "iteration", "state", "histories", "attempts", "createdAt", "updatedAt"];
  const runs: { id: string; value: string | null; taskId: string; child: boolean; start: number }[] = [];
  const attempt = (start: number, stop: number) => JSON.stringify([{ number: 1, state: "SUCCESS", workerId: "worker-1", histories: [{ state: "RUNNING", date: iso(start) }, { state: "SUCCESS", date: iso(stop) }] }]);
  const rows: (string | number | null)[][] = [[
    parentId, tenant, executionId, 0, "each", null, null, null, "SUCCESS",
    JSON.stringify([...at(t0 + 30, ["CREATED", "RUNNING"]), { state: "SUCCESS", date: iso(end - 20) }]), "[]", w.date(t0 + 30), w.date(end - 20),
  ]];
  runs.push({ id: parentId, value: null, taskId: "each", child: false, start: t0 + 50 });
  for (let i = 0; i < children; i++) {
    const s = t0 + 50 + i * 10;
    const id = newId();
    rows.push([
      id, tenant, executionId, i + 1, "work", parentId, values[i], i, "SUCCESS",
      JSON.stringify([{ state: "CREATED", date: iso(s) }, { state: "RUNNING", date: iso(s + 5) }, { state: "SUCCESS", date: iso(s + 45) }]),
      attempt(s + 5, s + 45), w.date(s), w.date(s + 45),
    ]);
    runs.push({ id, value: values[i], taskId: "work", child: true, start: s + 5 });
  }
  await w.insert("TaskRun", TR, rows);

  // 10 lines per task run, in order: mostly INFO, some DEBUG and WARN, a rare ERROR; one in
  // NEEDLE_EVERY mentions a checksum mismatch (what the search looks for)
  const LEVELS = ["INFO", "DEBUG", "INFO", "INFO", "WARN", "INFO", "INFO", "DEBUG", "INFO", "INFO"];
  const LOG = ["tenantId", "namespace", "flowId", "executionId", "taskRunId", "taskId", "attempt", "level", "timestamp", "message"];
  const lines: (string | number | null)[][] = [];
  let n = 0;
  for (const r of runs) {
    for (let k = 0; k < linesPerRun; k++) {
      n++;
      const message = n % NEEDLE_EVERY === 0
        ? `${r.value ?? "loop"} step ${k + 1}: ${NEEDLE} mismatch in batch ${n / NEEDLE_EVERY}, retried (line ${n})`
        : `${r.value ?? "loop"} step ${k + 1}: processed ${(n * 7919) % 1000} records from partition ${n % 64} (line ${n})`;
      logBytes += Buffer.byteLength(message);
      lines.push([tenant, NAMESPACE, "wide", executionId, r.id, r.taskId, r.child ? 1 : null, n % 997 === 0 ? "ERROR" : LEVELS[k], w.date(r.start + k * 3), message]);
    }
  }
  await w.insert("ExecutionLog", LOG, lines);
  await w.finish();
  await w.close();
  await db.execution.update({ where: { id: executionId }, data: { logBytes } });
  const [taskRuns, logLines] = await Promise.all([db.taskRun.count({ where: { executionId } }), db.executionLog.count({ where: { executionId } })]);
  return { tenant, executionId, seconds: (performance.now() - t) / 1000, taskRuns, logLines };
}

function runSeed(url: string, tenant: string): Promise<SeedOut> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, tsNode([path.join(ROOT, "scripts/bench/execution-page.ts"), "--seed", tenant]), {
      cwd: ROOT,
      env: { ...process.env, ...instanceEnv(url), TENANTFLOW_EMBEDDED_ROLES: "false" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").at(-1)!) as SeedOut) : reject(new Error(`seeding the execution page's data exited ${code}`))));
  });
}

// ---------------------------------------------------------------------------------------------
// In the browser. The scripts are strings: the TypeScript loader would wrap named functions in a
// helper that does not exist in the page.

/**
 * Until `condition` (a JavaScript expression) holds in the page, checked every 100 ms inside it
 * (waitForFunction would evaluate a string, which the app's Content Security Policy forbids).
 */
function waitInPage(page: Page, condition: string, what: string, timeoutMs = 180_000) {
  return page.evaluate(`new Promise((resolve, reject) => {
    const t0 = performance.now();
    const check = () => {
      if (${condition}) return resolve(true);
      if (performance.now() - t0 > ${timeoutMs}) return reject(new Error(${JSON.stringify(`${what} within ${timeoutMs / 1000} s`)}));
      setTimeout(check, 100);
    };
    check();
  })`);
}

/** Execute in the flow page's dialog → the first frame after the log line shows on the Logs tab. */
async function executeToLog(page: Page, base: string, tenant: string) {
  await page.goto(`${base}/ui/${tenant}/flows/${NAMESPACE}/hello`);
  const dialog = page.getByTestId("run-dialog");
  // a click before hydration does nothing: again until the dialog opens
  for (let i = 0; !(await dialog.isVisible()); i++) {
    if (i === 100) throw new Error("the Execute dialog did not open");
    await page.getByTestId("execute-button").first().click();
    await dialog.waitFor({ timeout: 300 }).catch(() => {});
  }
  const submit = dialog.getByRole("button", { name: "Execute", exact: true });
  await submit.waitFor();
  await waitInPage(page, `!document.querySelector('[data-testid="run-dialog"] button[type="submit"]')?.disabled`, "the dialog's Execute is not enabled", 30_000);
  const timing = page.evaluate<{ page: number; counted: number; line: number }>(`new Promise((resolve, reject) => {
    let start = 0, shown = 0, counted = 0;
    document.addEventListener("click", () => { start = performance.now(); }, { capture: true, once: true });
    const check = () => {
      if (!start || !location.pathname.startsWith(${JSON.stringify(`/ui/${tenant}/executions/${NAMESPACE}/hello/`)})) return;
      const root = document.querySelector('[data-testid="execution-page"]');
      if (!root) return;
      if (!shown) shown = performance.now() - start;
      const tab = [...root.querySelectorAll('[role="tab"]')].find((t) => (t.textContent || "").startsWith("Logs"));
      if (!tab) return;
      if (!counted && Number((tab.textContent || "").replace(/\\D/g, "")) >= 1) counted = performance.now() - start;
      if (tab.getAttribute("aria-selected") !== "true") tab.click();
      const line = [...root.querySelectorAll('[data-testid="log-line"]')].find((l) => (l.textContent || "").includes(${JSON.stringify(HELLO)}));
      if (!line) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve({ page: shown, counted: counted || performance.now() - start, line: performance.now() - start }));
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    setTimeout(() => reject(new Error("no log line within 60 s")), 60000);
  })`);
  timing.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
  await submit.click();
  return timing;
}

/** Set up before the page's own scripts: long tasks, and the moments the measures need. */
const LOAD_PROBE = `(() => {
  const mode = location.hash === "#bench-logs" ? "logs" : location.hash === "#bench-gantt" ? "gantt" : null;
  if (!mode) return;
  const b = (window.__bench = { longtasks: [], marks: {} });
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) b.longtasks.push([e.startTime, e.duration]); }).observe({ type: "longtask", buffered: true });
  } catch {}
  const tick = () => {
    const root = document.querySelector('[data-testid="execution-page"]');
    if (root) {
      if (!b.marks.shown) b.marks.shown = performance.now();
      const tabs = [...root.querySelectorAll('[role="tab"]')];
      const tab = tabs.find((t) => (t.textContent || "").toLowerCase().startsWith(mode));
      const logs = tabs.find((t) => (t.textContent || "").startsWith("Logs"));
      if (tab && !b.marks.interactive) {
        if (tab.getAttribute("aria-selected") !== "true") tab.click();
        else if (document.querySelector(mode === "gantt" ? '[data-testid="gantt-row"]' : '[data-testid="log-line"]')) b.marks.interactive = performance.now();
      }
      if (!b.marks.logsLoaded && Number((logs?.textContent || "").replace(/\\D/g, "")) >= ${LOG_LINES}) b.marks.logsLoaded = performance.now();
    }
    if (!(b.marks.interactive && b.marks.logsLoaded)) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

async function loadLarge(browser: Browser, base: string, user: { username: string; password: string }, url: string, mode: "gantt" | "logs") {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1366, height: 820 } });
  const page = await context.newPage();
  await login(page, base, user);
  await page.addInitScript(LOAD_PROBE);
  await page.goto(`${url}#bench-${mode}`, { waitUntil: "commit" });
  await waitInPage(page, "window.__bench && window.__bench.marks.interactive && window.__bench.marks.logsLoaded", "the page did not become interactive with every line in");
  const b = await page.evaluate<{ longtasks: [number, number][]; marks: { shown: number; interactive: number; logsLoaded: number } }>("window.__bench");
  const tbt = (until: number) => b.longtasks.filter(([s]) => s < until).reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0);
  const run: LoadRun = {
    shown: b.marks.shown,
    interactive: b.marks.interactive,
    logsLoaded: b.marks.logsLoaded,
    tbtInteractive: tbt(b.marks.interactive),
    tbtLoaded: tbt(b.marks.logsLoaded),
    longestTask: Math.max(0, ...b.longtasks.map(([, d]) => d)),
  };
  return { context, page, run };
}

/** The Gantt: 300 frames of scrolling 10 rows each, then to its end (loading the further pages of task runs). */
function ganttScroll(page: Page) {
  return page.evaluate<{ gaps: number[]; toEnd: number }>(`(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    const list = document.querySelector('[data-testid="gantt"] ul[role="list"]');
    const scroller = list.parentElement;
    const gaps = [];
    let last = await frame();
    for (let i = 0; i < 300; i++) {
      scroller.scrollTop += 340;
      const t = await frame();
      gaps.push(t - last);
      last = t;
    }
    const t0 = performance.now();
    for (;;) {
      scroller.scrollTop = scroller.scrollHeight;
      await frame();
      const rows = [...scroller.querySelectorAll('[data-testid="gantt-row"]')];
      if (rows.some((r) => (r.textContent || "").includes("v${TASK_RUNS - 2}"))) break;
      if (performance.now() - t0 > 120000) throw new Error("the last task run did not show within 120 s");
    }
    await frame();
    return { gaps, toEnd: performance.now() - t0 };
  })()`);
}

/** The Logs tab once every line is in: shown, filtered by typing, cleared, scrolled to the end. */
function logsTab(page: Page) {
  return page.evaluate<{ show: number; keystrokes: number[]; filter: number; clear: number; toEnd: number }>(`(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    const until = async (cond, what) => {
      const t = performance.now();
      while (!cond()) {
        await frame();
        if (performance.now() - t > 60000) throw new Error(what + " within 60 s");
      }
    };
    const root = document.querySelector('[data-testid="execution-page"]');
    const tab = [...root.querySelectorAll('[role="tab"]')].find((t) => (t.textContent || "").startsWith("Logs"));
    const count = () => (document.querySelector('[data-testid="logs-count"]')?.textContent || "").trim();
    // shown: the click on the tab → the frame after its first lines are in the DOM
    let t0 = performance.now();
    tab.click();
    await until(() => document.querySelector('[data-testid="log-line"]'), "no log line");
    await frame();
    const show = performance.now() - t0;
    await until(() => count().startsWith("${LOG_LINES} "), "not every line counted");
    // typing the search text, one key at a time: each key → the next frame
    const input = document.querySelector('input[aria-label="Search the logs"]');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
    const type = (v) => { setValue.call(input, v); input.dispatchEvent(new Event("input", { bubbles: true })); };
    const keystrokes = [];
    const word = ${JSON.stringify(NEEDLE)};
    t0 = performance.now();
    for (let i = 1; i <= word.length; i++) {
      const k = performance.now();
      type(word.slice(0, i));
      await frame();
      keystrokes.push(performance.now() - k);
    }
    await until(() => count().startsWith("${LOG_LINES / NEEDLE_EVERY} "), "the filter did not apply");
    await frame();
    const filter = performance.now() - t0;
    t0 = performance.now();
    type("");
    await until(() => count().startsWith("${LOG_LINES} "), "the filter was not cleared");
    await frame();
    const clear = performance.now() - t0;
    // to the end: the last line on screen
    const scroller = document.querySelector('[data-testid="logs"] [role="log"]');
    t0 = performance.now();
    for (;;) {
      scroller.scrollTop = scroller.scrollHeight;
      await frame();
      if ([...scroller.querySelectorAll('[data-testid="log-line"]')].some((l) => (l.textContent || "").includes("(line ${LOG_LINES})"))) break;
      if (performance.now() - t0 > 60000) throw new Error("the last line did not show within 60 s");
    }
    await frame();
    return { show, keystrokes, filter, clear, toEnd: performance.now() - t0 };
  })()`);
}

/** The log stream alone, over HTTP without a browser: its first line, and its end after every line. */
async function streamAlone(base: string, cookie: string, tenant: string, executionId: string) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/${tenant}/logs/${executionId}/follow`, { headers: { cookie, accept: "text/event-stream" } });
  if (!res.ok || !res.body) throw new Error(`the log stream answered ${res.status}`);
  let first = NaN;
  let lines = 0;
  let tail = "";
  const decoder = new TextDecoder();
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const text = tail + decoder.decode(value, { stream: true });
    const events = text.split("\n\n");
    tail = events.pop() ?? "";
    for (const e of events) if (e.includes("event: log")) lines++;
    if (lines && Number.isNaN(first)) first = performance.now() - t0;
  }
  return { first, all: performance.now() - t0, lines };
}

async function scriptsOfFirstVisit(browser: Browser, base: string, user: { username: string; password: string }, url: string) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
  try {
    const page = await context.newPage();
    await login(page, base, user);
    const pending: Promise<{ transferred: number; decoded: number }>[] = [];
    page.on("requestfinished", (req) => {
      if (req.resourceType() !== "script") return;
      pending.push((async () => {
        const sizes = await req.sizes();
        const res = await req.response();
        const body = res ? await res.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
        return { transferred: sizes.responseBodySize, decoded: body.length };
      })());
    });
    await page.goto(url, { waitUntil: "load" });
    // every script of the first visit was asked for once the page's log stream has delivered it all
    await page.getByTestId("execution-page").waitFor();
    await waitInPage(
      page,
      `Number(([...document.querySelectorAll('[role="tab"]')].find((t) => (t.textContent || "").startsWith("Logs"))?.textContent || "").replace(/\\D/g, "")) >= ${LOG_LINES}`,
      "the log stream did not deliver every line",
    );
    const scripts = await Promise.all(pending);
    return { scripts: scripts.length, transferred: scripts.reduce((s, x) => s + x.transferred, 0), decoded: scripts.reduce((s, x) => s + x.decoded, 0) };
  } finally {
    await context.close();
  }
}

/** A signed-in session's cookie header, for requests from here. */
async function login2cookie(browser: Browser, base: string, user: { username: string; password: string }) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await login(page, base, user);
    return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  } finally {
    await context.close();
  }
}

async function benchDb(db: DbKind, o: { runs: number; loads: number; port: number; pgPrefix: string }): Promise<ExecutionPageDb> {
  log(`execution page, ${db}: fresh database`);
  const { url, drop } = await freshDatabase(db, o.pgPrefix, "ui");
  let server: Server | null = null;
  let browser: Browser | null = null;
  try {
    const version = await dbVersion(db, url);
    const base = await seedBench({ url, tenants: 2, namespaces: 40, flows: 20, users: 10 });
    const tenant = base.benchTenant;
    const seeded = await runSeed(url, tenant);
    log(`  seeded ${seeded.taskRuns} task runs and ${seeded.logLines} log lines in ${seeded.seconds.toFixed(1)} s`);
    if (seeded.taskRuns !== TASK_RUNS || seeded.logLines !== LOG_LINES) throw new Error(`seeded ${seeded.taskRuns} task runs and ${seeded.logLines} lines`);
    server = await startServer({ url, port: o.port, label: `${db}-ui` });
    const user = { username: principalName("admin"), password: BENCH_PASSWORD };
    browser = await launchBrowser();

    // Execute → first log line
    const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
    const page = await context.newPage();
    await login(page, server.base, user);
    const warmup = 2;
    const runs: { page: number; counted: number; line: number }[] = [];
    for (let i = 0; i < warmup + o.runs; i++) {
      const r = await executeToLog(page, server.base, tenant);
      if (i >= warmup) runs.push(r);
    }
    await context.close();
    const line = stat(runs.map((r) => r.line));
    log(`  Execute → first log line: median ${f0(line.median)} ms, p90 ${f0(line.p90)} ms (${runs.map((r) => f0(r.line)).join(", ")})`);

    const pageUrl = `${server.base}/ui/${tenant}/executions/${NAMESPACE}/wide/${seeded.executionId}`;
    const cookie = await login2cookie(browser, server.base, user);
    const stream: { first: number; all: number }[] = [];
    for (let i = 0; i < o.loads; i++) {
      const r = await streamAlone(server.base, cookie, tenant, seeded.executionId);
      if (r.lines !== LOG_LINES) throw new Error(`the log stream sent ${r.lines} lines`);
      stream.push(r);
      log(`  the log stream alone (HTTP): first line ${f0(r.first)} ms, all ${r.lines} lines ${f0(r.all)} ms`);
    }
    const browserFirstLoad = await scriptsOfFirstVisit(browser, server.base, user, pageUrl);
    log(`  first visit of the execution page: ${browserFirstLoad.scripts} scripts, ${kb(browserFirstLoad.transferred)} transferred`);

    // 10,000 task runs: time to interactive on the Gantt tab, then scrolling it
    const ganttLoads: LoadRun[] = [];
    const gaps: number[] = [];
    const ganttToEnd: number[] = [];
    for (let i = 0; i < o.loads; i++) {
      const l = await loadLarge(browser, server.base, user, pageUrl, "gantt");
      try {
        ganttLoads.push(l.run);
        const s = await ganttScroll(l.page);
        gaps.push(...s.gaps);
        ganttToEnd.push(s.toEnd);
        log(`  Gantt load ${i + 1}: interactive ${f0(l.run.interactive)} ms, all lines ${f0(l.run.logsLoaded)} ms, TBT ${f0(l.run.tbtInteractive)} / ${f0(l.run.tbtLoaded)} ms, longest task ${f0(l.run.longestTask)} ms; to the last task run ${f0(s.toEnd)} ms`);
      } finally {
        await l.context.close();
      }
    }

    // 100,000 log lines: the Logs tab opened at once while they stream in, then used
    const logLoads: LoadRun[] = [];
    const tab = { show: [] as number[], keystrokes: [] as number[], filter: [] as number[], clear: [] as number[], toEnd: [] as number[] };
    for (let i = 0; i < o.loads; i++) {
      const l = await loadLarge(browser, server.base, user, pageUrl, "logs");
      try {
        logLoads.push(l.run);
        // away from the tab and back: showing it with every line already in
        await l.page.evaluate(`[...document.querySelectorAll('[role="tab"]')].find((t) => (t.textContent || "").startsWith("Overview")).click()`);
        await l.page.getByTestId("execution-overview").waitFor();
        const r = await logsTab(l.page);
        tab.show.push(r.show);
        tab.keystrokes.push(...r.keystrokes);
        tab.filter.push(r.filter);
        tab.clear.push(r.clear);
        tab.toEnd.push(r.toEnd);
        log(`  Logs load ${i + 1}: lines shown ${f0(l.run.interactive)} ms, all ${f0(l.run.logsLoaded)} ms, TBT ${f0(l.run.tbtLoaded)} ms, longest task ${f0(l.run.longestTask)} ms; tab ${f0(r.show)} ms, keys ${r.keystrokes.map(f0).join("/")} ms, filter ${f0(r.filter)} ms, clear ${f0(r.clear)} ms, to the end ${f0(r.toEnd)} ms`);
      } finally {
        await l.context.close();
      }
    }
    return {
      db,
      version,
      executeToLog: { warmup, line, page: stat(runs.map((r) => r.page)), counted: stat(runs.map((r) => r.counted)) },
      browserFirstLoad,
      stream: { first: stream.map((x) => x.first), all: stream.map((x) => x.all) },
      gantt: { loads: ganttLoads, scrollFrames: stat(gaps), slowFrames: gaps.filter((g) => g > 50).length, toEnd: ganttToEnd },
      logs: { loads: logLoads, ...tab, keystrokes: stat(tab.keystrokes) },
      seed: { seconds: seeded.seconds, taskRuns: seeded.taskRuns, logLines: seeded.logLines },
    };
  } finally {
    await browser?.close();
    await server?.stop();
    await drop();
  }
}

export async function executionPageBench(o: { dbs: DbKind[]; runs: number; loads: number; port: number; pgPrefix: string }): Promise<ExecutionPageResult> {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const loadBefore = os.loadavg();
  const firstLoad = firstLoadJs(EXECUTION_PAGE);
  log(`first-load JS of the execution page: ${firstLoad.chunks.length} chunks, ${kb(firstLoad.raw)} raw, ${kb(firstLoad.gzip)} gzipped (target < ${TARGETS.firstLoadKb} kB)`);
  const results: ExecutionPageDb[] = [];
  for (const db of o.dbs) results.push(await benchDb(db, o));
  return { finished: new Date().toISOString(), loadBefore, loadAfter: os.loadavg(), runs: o.runs, loads: o.loads, firstLoad, results };
}

// ---------------------------------------------------------------------------------------------
// The report's section

const med = (v: number[]) => f0(median(v));
const medOf = (runs: LoadRun[], k: keyof LoadRun) => med(runs.map((r) => r[k]));
const dbName = (db: DbKind) => (db === "sqlite" ? "SQLite" : "PostgreSQL");

export function executionPageSection(r: ExecutionPageResult, command: string, analysis?: string): string {
  const L: string[] = ["## Execution page", ""];
  const gz = r.firstLoad.gzip / 1024;
  L.push(
    `Produced by \`${command}\` on ${r.finished.slice(0, 16).replace("T", " ")} UTC (Node.js ${process.version}, ${os.cpus().length} CPUs, Chromium headless through Playwright, production build). ` +
      `Load average before the run: ${r.loadBefore.map((l) => l.toFixed(2)).join(" / ")}, after: ${r.loadAfter.map((l) => l.toFixed(2)).join(" / ")}. ` +
      "The machine was running other work at the same time (builds and tests of other changes): the times are those of a busy 2-core machine, slower and noisier than on an idle one.",
    "",
    `A fresh database per kind (a few seeded users and tenants, dropped after). Every time is measured inside the page (\`performance.now()\`), up to the first animation frame after what it waits for is in the DOM. ` +
      `The large execution (a loop of ${TASK_RUNS - 1} iterations under its ForEach task run: ${TASK_RUNS} task runs, 10 log lines each, ${LOG_LINES} lines) is written straight into the store, not run: its flow through \`createFlow\`, its execution row through the tenant's client, its task runs and lines (the rows the engine writes) with batched multi-row INSERTs through the driver.`,
    "",
    "| measure | " + r.results.map((d) => dbName(d.db)).join(" | ") + " |",
    "|---|" + r.results.map(() => "---:").join("|") + "|",
  );
  const row = (label: string, cell: (d: ExecutionPageDb) => string) => L.push(`| ${label} | ${r.results.map(cell).join(" | ")} |`);
  row(`Execute → first log line on the Logs tab, median / p90 (${r.runs} runs)`, (d) => `${f0(d.executeToLog.line.median)} / ${f0(d.executeToLog.line.p90)} ms`);
  row("… of which: Execute → the execution page", (d) => `${f0(d.executeToLog.page.median)} / ${f0(d.executeToLog.page.p90)} ms`);
  row("… Execute → the line counted on the Logs tab", (d) => `${f0(d.executeToLog.counted.median)} / ${f0(d.executeToLog.counted.p90)} ms`);
  row(`first-load JavaScript of the execution page (target < ${TARGETS.firstLoadKb} kB gzipped)`, () => `${kb(r.firstLoad.gzip)} (${gz < TARGETS.firstLoadKb ? "met" : "**not met**"})`);
  row("… in the browser, first visit (scripts, transferred)", (d) => `${d.browserFirstLoad.scripts}, ${kb(d.browserFirstLoad.transferred)}`);
  row(`${TASK_RUNS} task runs: navigation → page shown (median of ${r.loads} cold loads)`, (d) => `${medOf(d.gantt.loads, "shown")} ms`);
  row(`${TASK_RUNS} task runs: navigation → interactive (a click on the Gantt tab shows its rows)`, (d) => `${medOf(d.gantt.loads, "interactive")} ms`);
  row("… total blocking time until interactive / longest task of the load", (d) => `${medOf(d.gantt.loads, "tbtInteractive")} / ${medOf(d.gantt.loads, "longestTask")} ms`);
  row(`… navigation → all ${LOG_LINES} log lines in (page on the Gantt tab), total blocking time until then`, (d) => `${medOf(d.gantt.loads, "logsLoaded")} ms, ${medOf(d.gantt.loads, "tbtLoaded")} ms`);
  row("Gantt scrolling, 10 rows a frame for 300 frames: frame interval median / p90 / max, frames over 50 ms", (d) => `${f0(d.gantt.scrollFrames.median)} / ${f0(d.gantt.scrollFrames.p90)} / ${f0(d.gantt.scrollFrames.max)} ms, ${d.gantt.slowFrames} of ${d.gantt.scrollFrames.values.length}`);
  row(`Gantt to its last task run (loading the other ${TASK_RUNS / 1000 - 1} pages of 1,000)`, (d) => `${med(d.gantt.toEnd)} ms`);
  row(`the log stream alone (HTTP from Node, no browser): first line / all ${LOG_LINES} lines`, (d) => (d.stream ? `${med(d.stream.first)} / ${med(d.stream.all)} ms` : "–"));
  row("Logs tab opened at once: navigation → first lines shown", (d) => `${medOf(d.logs.loads, "interactive")} ms`);
  row(`… navigation → all ${LOG_LINES} lines in, total blocking time, longest task`, (d) => `${medOf(d.logs.loads, "logsLoaded")} ms, ${medOf(d.logs.loads, "tbtLoaded")} ms, ${medOf(d.logs.loads, "longestTask")} ms`);
  row(`Logs tab with ${LOG_LINES} lines: click → lines shown`, (d) => `${med(d.logs.show)} ms`);
  row(`… typing "${NEEDLE}", each key → next frame: median / p90 / max`, (d) => `${f0(d.logs.keystrokes.median)} / ${f0(d.logs.keystrokes.p90)} / ${f0(d.logs.keystrokes.max)} ms`);
  row(`… first key → all ${NEEDLE.length} keys typed and the ${LOG_LINES / NEEDLE_EVERY} matching lines shown`, (d) => `${med(d.logs.filter)} ms`);
  row("… clearing the search → every line back", (d) => `${med(d.logs.clear)} ms`);
  row("… scrolling to the last line", (d) => `${med(d.logs.toEnd)} ms`);
  row("seeding the large execution (task runs and lines, bulk inserts)", (d) => `${d.seed.seconds.toFixed(1)} s`);
  L.push("");
  L.push(`First-load JavaScript is computed like the flows page's (root main files plus the client chunks of the page's segments, \`${EXECUTION_PAGE}\`), gzipped at level 6:`, "");
  L.push("| chunk | raw | gzip |", "|---|---:|---:|");
  for (const c of r.firstLoad.chunks) L.push(`| \`${c.file}\` | ${kb(c.raw)} | ${kb(c.gzip)} |`);
  L.push(`| **total** | **${kb(r.firstLoad.raw)}** | **${kb(r.firstLoad.gzip)}** |`, "");
  L.push("Every run:", "");
  for (const d of r.results) {
    L.push(
      `- ${d.version}: Execute → first log line ${d.executeToLog.line.values.map(f0).join(", ")} ms (after ${d.executeToLog.warmup} warm-up runs); ` +
        `Gantt loads interactive ${d.gantt.loads.map((x) => f0(x.interactive)).join(", ")} ms, all lines ${d.gantt.loads.map((x) => f0(x.logsLoaded)).join(", ")} ms; ` +
        `Logs loads all lines ${d.logs.loads.map((x) => f0(x.logsLoaded)).join(", ")} ms, longest task ${d.logs.loads.map((x) => f0(x.longestTask)).join(", ")} ms; ` +
        `filter ${d.logs.filter.map(f0).join(", ")} ms; to the last line ${d.logs.toEnd.map(f0).join(", ")} ms.`,
    );
  }
  L.push("");
  if (analysis) L.push(analysis.trim(), "");
  return L.join("\n");
}

/** The section as it stands in a report, to carry it over when the report is written again. */
export const readExecutionPageSection = (file: string) => readSection(file, "Execution page");

/** Replaces the section in the report, or puts it before the Executions section, the Analysis, or at the end. */
export const writeExecutionPageSection = (file: string, section: string) => writeSection(file, "Execution page", section, ["Executions", "Analysis"]);

/** What the numbers say and what was changed for them, kept next to the bench. */
export function executionPageAnalysis(): string | undefined {
  const f = path.join(ROOT, "scripts/bench/execution-page-analysis.md");
  return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const i = process.argv.indexOf("--seed");
  if (i < 0) {
    console.error("scripts/bench/execution-page.ts runs as part of `npm run bench` (--ui-only to run it alone)");
    process.exit(2);
  }
  seedLarge(process.argv[i + 1]).then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (e) => {
      console.error(`bench: ${e instanceof Error ? e.stack : e}`);
      process.exit(1);
    },
  );
}
