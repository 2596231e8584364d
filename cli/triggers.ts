import { type TriggerKey, type TriggerView, listTriggers, setTriggerDisabled, unlockTrigger } from "@/lib/triggers/triggers";
import { type Io, UsageError, args } from "./args";
import { commandTenant } from "./tenant";

// `tenantflow triggers list --tenant T [--namespace NS] [--flow F]` prints one line per Schedule
// trigger; `triggers enable|disable|unlock --tenant T NAMESPACE FLOW TRIGGER` changes one (audited
// as the command line), through the same functions as the API.

const contextFor = (tenant: unknown) => commandTenant(tenant, "triggers commands need --tenant T");

const when = (d: Date | null) => (d ? d.toISOString() : "-");
const line = (t: TriggerView) =>
  [
    `${t.namespace}.${t.flowId}`,
    t.triggerId,
    `next=${when(t.nextExecutionDate)}`,
    `last=${when(t.date)}`,
    t.disabled ? "disabled" : "enabled",
    ...(t.locked ? [`locked-by=${t.lockedBy}`] : []),
    ...(t.backfill ? [`backfill=${when(t.backfill.currentDate)}..${when(t.backfill.end)}${t.backfill.paused ? " (paused)" : ""}`] : []),
  ].join("  ");

async function list(argv: string[], io: Io) {
  const { values, positionals } = args(argv, { tenant: { type: "string" }, namespace: { type: "string" }, flow: { type: "string" } });
  if (positionals.length) throw new UsageError("triggers list --tenant T [--namespace NS] [--flow F]");
  const ctx = await contextFor(values.tenant);
  const filters = { namespace: values.namespace as string | undefined, flowId: values.flow as string | undefined };
  for (let page = 1; ; page++) {
    const { results, total } = await listTriggers(ctx, filters, { page, size: 100 });
    for (const t of results) io.out(line(t));
    if (page * 100 >= total) return 0;
  }
}

function change(what: "enable" | "disable" | "unlock") {
  return async (argv: string[], io: Io) => {
    const { values, positionals } = args(argv, { tenant: { type: "string" } });
    if (positionals.length !== 3) throw new UsageError(`triggers ${what} --tenant T NAMESPACE FLOW TRIGGER`);
    const ctx = await contextFor(values.tenant);
    const [namespace, flowId, triggerId] = positionals;
    const key: TriggerKey = { namespace, flowId, triggerId };
    const t = what === "unlock" ? await unlockTrigger(ctx, key) : await setTriggerDisabled(ctx, key, what === "disable");
    io.out(line(t));
    return 0;
  };
}

export const triggerCommands: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  "triggers list": list,
  "triggers enable": change("enable"),
  "triggers disable": change("disable"),
  "triggers unlock": change("unlock"),
};
