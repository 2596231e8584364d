import fs from "node:fs";
import path from "node:path";

// The SQLite run's Playwright suite in parts (npm test: E2E_PART=k/n), each with its own server
// and database, taken by whichever of npm test's lanes is free first. The parts are balanced by each spec's measured time
// (seconds on the SQLite run, 2026-12-01, on a 2-core machine, mostly alone; the accessibility specs
// measured again alone after their pages stopped waiting for networkidle);
// a spec not listed counts as NEW_SPEC_SECONDS until it is measured and added. Playwright's own
// --shard splits by test count, which put 298 tests with the axe audits in one part and 64 in the
// other.
const SECONDS: Record<string, number> = {
  "accessibility-views.spec.ts": 45,
  "accessibility.spec.ts": 90,
  "admin-users.spec.ts": 14,
  "auditlog.spec.ts": 8,
  "auth.spec.ts": 8,
  "concurrency.spec.ts": 8,
  "default-tenant.spec.ts": 8,
  "edge-http.spec.ts": 2,
  "editor-help.spec.ts": 15,
  "execution-access.spec.ts": 19,
  "execution-inputs.spec.ts": 20,
  "execution-page.spec.ts": 16,
  "executions-ui.spec.ts": 16,
  "faults.spec.ts": 30,
  "files.spec.ts": 10,
  "flow-defaults.spec.ts": 4,
  "flows.spec.ts": 26,
  "git.spec.ts": 8,
  "hardening.spec.ts": 9,
  "hostile-http.spec.ts": 6,
  "instance-admin.spec.ts": 22,
  "isolation-pages.spec.ts": 7,
  "kv.spec.ts": 9,
  "namespace-settings.spec.ts": 15,
  "namespace-tabs.spec.ts": 29,
  "namespaces.spec.ts": 12,
  "not-found.spec.ts": 6,
  "phone.spec.ts": 26,
  "plugins.spec.ts": 9,
  "rbac-admin.spec.ts": 19,
  "reader-views.spec.ts": 5,
  "recovery.spec.ts": 3,
  "revisions.spec.ts": 3,
  "secrets.spec.ts": 8,
  "sessions.spec.ts": 2,
  "subflows.spec.ts": 5,
  "supervisor.spec.ts": 14,
  "tenants.spec.ts": 22,
  "tokens.spec.ts": 4,
  "topology.spec.ts": 6,
  "triggers-ui.spec.ts": 9,
  "two-instances.spec.ts": 30,
  "unsaved-changes.spec.ts": 27,
  "uploads.spec.ts": 8,
  "worker-groups.spec.ts": 6,
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
