import fs from "node:fs";
import path from "node:path";

// The SQLite run's Playwright suite in parts (npm test: E2E_PART=k/n), each with its own server
// and database, taken by whichever of npm test's lanes is free first. The parts are balanced by each spec's measured time
// (seconds of its tests in npm test's SQLite parts, 2026-12-01, on a 2-core machine, beside the
// other lane; faults and two-instances run on PostgreSQL only);
// a spec not listed counts as NEW_SPEC_SECONDS until it is measured and added. Playwright's own
// --shard splits by test count, which put 298 tests with the axe audits in one part and 64 in the
// other.
const SECONDS: Record<string, number> = {
  "accessibility-views.spec.ts": 52,
  "accessibility.spec.ts": 156,
  "admin-users.spec.ts": 11,
  "auditlog.spec.ts": 17,
  "auth.spec.ts": 9,
  "concurrency.spec.ts": 17,
  "default-tenant.spec.ts": 20,
  "edge-http.spec.ts": 2,
  "editor-help.spec.ts": 17,
  "execution-access.spec.ts": 28,
  "execution-inputs.spec.ts": 28,
  "execution-page.spec.ts": 15,
  "executions-ui.spec.ts": 16,
  "faults.spec.ts": 1,
  "files.spec.ts": 16,
  "flow-defaults.spec.ts": 5,
  "flows.spec.ts": 42,
  "git.spec.ts": 12,
  "hardening.spec.ts": 13,
  "hostile-http.spec.ts": 9,
  "instance-admin.spec.ts": 24,
  "isolation-pages.spec.ts": 8,
  "kv.spec.ts": 8,
  "namespace-settings.spec.ts": 16,
  "namespace-tabs.spec.ts": 36,
  "namespaces.spec.ts": 16,
  "not-found.spec.ts": 9,
  "phone.spec.ts": 34,
  "plugins.spec.ts": 11,
  "rbac-admin.spec.ts": 24,
  "reader-views.spec.ts": 5,
  "recovery.spec.ts": 5,
  "revisions.spec.ts": 2,
  "secrets.spec.ts": 6,
  "sessions.spec.ts": 1,
  "subflows.spec.ts": 11,
  "supervisor.spec.ts": 10,
  "tenants.spec.ts": 17,
  "tokens.spec.ts": 3,
  "topology.spec.ts": 4,
  "triggers-ui.spec.ts": 13,
  "two-instances.spec.ts": 1,
  "unsaved-changes.spec.ts": 21,
  "uploads.spec.ts": 5,
  "worker-groups.spec.ts": 4,
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
