import { createNamespace, getNamespace, updateNamespace } from "@/lib/namespaces/namespaces";
import { type Io, UsageError, args, keyOrNone, wholeNumber } from "./args";
import { commandTenant } from "./tenant";

// `tenantflow namespaces show|update --tenant T NAMESPACE`: a namespace's engine settings (its
// concurrency limit, inherited by the namespaces below it, and its default worker group), through
// the same functions as the API and the namespace page, audited as the command line.

const contextFor = (tenant: unknown) => commandTenant(tenant, "namespaces commands need --tenant T");

type Shown = { name: string; explicit: boolean; concurrencyLimit: number | null; workerGroup: string | null };
const describe = (n: Shown) =>
  `namespace ${n.name}: concurrency limit ${n.concurrencyLimit ?? "none"}, worker group ${n.workerGroup ?? "inherited"}${n.explicit ? "" : " (no settings of its own)"}`;

async function show(argv: string[], io: Io) {
  const { values, positionals } = args(argv, { tenant: { type: "string" } });
  if (positionals.length !== 1) throw new UsageError("namespaces show --tenant T NAMESPACE");
  const ctx = await contextFor(values.tenant);
  io.out(describe(await getNamespace(ctx, positionals[0])));
  return 0;
}

async function update(argv: string[], io: Io) {
  const { values, positionals } = args(argv, {
    tenant: { type: "string" },
    "concurrency-limit": { type: "string" },
    "worker-group": { type: "string" },
  });
  const usage = "namespaces update --tenant T NAMESPACE [--concurrency-limit N|none] [--worker-group KEY|none]";
  if (positionals.length !== 1) throw new UsageError(usage);
  const change: { concurrencyLimit?: number | null; workerGroup?: string | null } = {};
  if (values["concurrency-limit"] !== undefined) change.concurrencyLimit = wholeNumber("concurrency-limit", values["concurrency-limit"] as string, true);
  if (values["worker-group"] !== undefined) change.workerGroup = keyOrNone(values["worker-group"] as string);
  if (Object.keys(change).length === 0) throw new UsageError(`nothing to change: ${usage}`);
  const ctx = await contextFor(values.tenant);
  const name = positionals[0];
  // a namespace that exists only through its flows gets a record of its own for its settings
  if (!(await getNamespace(ctx, name)).explicit) await createNamespace(ctx, { name });
  io.out(describe(await updateNamespace(ctx, name, change)));
  return 0;
}

export const namespaceCommands: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  "namespaces show": show,
  "namespaces update": update,
};
