import fs from "node:fs";
import path from "node:path";

// The SQLite run's Playwright suite in parts that run at once (npm test: E2E_PART=1/2 and 2/2),
// each with its own server and database. The parts are balanced by each spec's measured time
// (seconds on the SQLite run, 2026-11-30, on a 2-core machine shared with the PostgreSQL run);
// a spec not listed counts as NEW_SPEC_SECONDS until it is measured and added. Playwright's own
// --shard splits by test count, which put 298 tests with the axe audits in one part and 64 in the
// other.
const SECONDS: Record<string, number> = {
  "accessibility.spec.ts": 521,
  "admin-users.spec.ts": 34,
  "auditlog.spec.ts": 26,
  "auth.spec.ts": 18,
  "concurrency.spec.ts": 20,
  "default-tenant.spec.ts": 89,
  "edge-http.spec.ts": 6,
  "editor-help.spec.ts": 45,
  "execution-access.spec.ts": 58,
  "execution-inputs.spec.ts": 39,
  "execution-page.spec.ts": 48,
  "executions-ui.spec.ts": 31,
  "faults.spec.ts": 1,
  "files.spec.ts": 32,
  "flow-defaults.spec.ts": 19,
  "flows.spec.ts": 80,
  "git.spec.ts": 14,
  "hardening.spec.ts": 14,
  "hostile-http.spec.ts": 12,
  "instance-admin.spec.ts": 40,
  "isolation-pages.spec.ts": 18,
  "kv.spec.ts": 20,
  "namespace-settings.spec.ts": 40,
  "namespace-tabs.spec.ts": 61,
  "namespaces.spec.ts": 18,
  "not-found.spec.ts": 11,
  "phone.spec.ts": 35,
  "plugins.spec.ts": 22,
  "rbac-admin.spec.ts": 28,
  "reader-views.spec.ts": 6,
  "recovery.spec.ts": 6,
  "revisions.spec.ts": 4,
  "secrets.spec.ts": 11,
  "sessions.spec.ts": 2,
  "subflows.spec.ts": 10,
  "supervisor.spec.ts": 74,
  "tenants.spec.ts": 33,
  "tokens.spec.ts": 5,
  "topology.spec.ts": 8,
  "triggers-ui.spec.ts": 15,
  "two-instances.spec.ts": 1,
  "unsaved-changes.spec.ts": 37,
  "uploads.spec.ts": 75,
  "worker-groups.spec.ts": 7,
};
const NEW_SPEC_SECONDS = 30;

/** The spec files of part `k` of `n` (1-based): the longest first, each to the part with least time so far. */
export function specsOfPart(k: number, n: number, dir = path.join(process.cwd(), "e2e")): string[] {
  const specs = fs.readdirSync(dir).filter((f) => f.endsWith(".spec.ts")).sort();
  const cost = (f: string) => SECONDS[f] ?? NEW_SPEC_SECONDS;
  const parts = Array.from({ length: n }, () => ({ seconds: 0, specs: [] as string[] }));
  for (const f of [...specs].sort((a, b) => cost(b) - cost(a) || a.localeCompare(b))) {
    const least = parts.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    least.seconds += cost(f);
    least.specs.push(f);
  }
  return parts[k - 1].specs.sort();
}

/** E2E_PART="k/n" as [k, n], or null when the whole suite runs. */
export function partOf(value: string | undefined): [number, number] | null {
  if (!value) return null;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const [k, n] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!m || n < 1 || k < 1 || k > n) throw new Error(`E2E_PART must be k/n with 1 <= k <= n (got ${value})`);
  return [k, n];
}
