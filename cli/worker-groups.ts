import { cliActor } from "@/lib/authz/actor";
import { createWorkerGroup, deleteWorkerGroup, listWorkerGroups, updateWorkerGroup } from "@/lib/workers/groups";
import { type Io, UsageError, args } from "./args";

// `tenantflow worker-groups list|create|update|delete` (SPEC §7 "Worker groups"), as a superadmin:
// the groups a task's workerGroup.key may name, the tenants each one's workers may run (none
// listed: every tenant), and the live workers.

/** `--tenant a --tenant b`, or `--tenants a,b`; `--all-tenants` for the empty list (every tenant). */
function tenantsOf(values: Record<string, unknown>): string[] | undefined {
  const listed = [...((values.tenant as string[] | undefined) ?? []), ...String(values.tenants ?? "").split(",")].map((t) => t.trim()).filter(Boolean);
  if (values["all-tenants"]) {
    if (listed.length) throw new UsageError("--all-tenants excludes --tenant");
    return [];
  }
  return listed.length ? listed : undefined;
}

const OPTIONS = {
  description: { type: "string" },
  tenant: { type: "string", multiple: true },
  tenants: { type: "string" },
  "all-tenants": { type: "boolean" },
} as const;

const allowed = (ids: string[]) => (ids.length ? ids.join(",") : "every tenant");
const ago = (d: Date) => `${Math.max(0, Math.round((Date.now() - d.getTime()) / 1000))}s ago`;

async function list(argv: string[], io: Io) {
  if (args(argv).positionals.length) throw new UsageError("worker-groups list takes no arguments");
  const { groups, otherWorkers } = await listWorkerGroups(cliActor());
  if (!groups.length) io.out("no worker groups");
  for (const g of groups) {
    io.out(`${g.key}\ttenants: ${allowed(g.allowedTenants)}\tworkers: ${g.workers.length}${g.description ? `\t${g.description}` : ""}`);
    for (const w of g.workers) io.out(`  ${w.id}\t${w.host}:${w.pid}\trunning ${w.running}/${w.concurrency}\theartbeat ${ago(w.lastHeartbeat)}`);
  }
  for (const w of otherWorkers) io.out(`(${w.workerGroup || "default"})\t${w.id}\t${w.host}:${w.pid}\trunning ${w.running}/${w.concurrency}\theartbeat ${ago(w.lastHeartbeat)}`);
  return 0;
}

async function create(argv: string[], io: Io) {
  const { values, positionals } = args(argv, OPTIONS);
  if (positionals.length !== 1) throw new UsageError("worker-groups create KEY [--description D] [--tenant T ...]");
  const g = await createWorkerGroup(cliActor(), { key: positionals[0], description: values.description as string | undefined, allowedTenants: tenantsOf(values) });
  io.out(`created worker group ${g.key} (tenants: ${allowed(g.allowedTenants)})`);
  return 0;
}

async function update(argv: string[], io: Io) {
  const { values, positionals } = args(argv, OPTIONS);
  if (positionals.length !== 1) throw new UsageError("worker-groups update KEY [--description D] [--tenant T ... | --all-tenants]");
  const allowedTenants = tenantsOf(values);
  if (values.description === undefined && allowedTenants === undefined) throw new UsageError("worker-groups update needs --description or --tenant/--all-tenants");
  const g = await updateWorkerGroup(cliActor(), positionals[0], { description: values.description as string | undefined, allowedTenants });
  io.out(`updated worker group ${g.key} (tenants: ${allowed(g.allowedTenants)})`);
  return 0;
}

async function remove(argv: string[], io: Io) {
  const { positionals } = args(argv);
  if (positionals.length !== 1) throw new UsageError("worker-groups delete KEY");
  await deleteWorkerGroup(cliActor(), positionals[0]);
  io.out(`deleted worker group ${positionals[0]}`);
  return 0;
}

export const workerGroupCommands: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  "worker-groups list": list,
  "worker-groups create": create,
  "worker-groups update": update,
  "worker-groups delete": remove,
};
