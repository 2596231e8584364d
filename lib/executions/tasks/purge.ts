import { audit } from "../../audit/write";
import { deleteKv } from "../../kv/kv";
import { assertAllowed } from "../../namespaces/chain";
import { deleteExecution } from "../operations";
import { InternalStorage, executionFolder } from "../internal-storage";
import { EXECUTION_STATES } from "../../flows/validation/catalogue/props";
import { LOG_LEVELS } from "../types";
import { asFailure } from "./kv-common";
import { globRegExp } from "./local-files";
import { boolean, text } from "./props";
import { listOf } from "./storage-common";
import { TaskFailure, type RunnerContext, type TaskRunner } from "./types";

// log.PurgeLogs, execution.PurgeExecutions and kv.PurgeKV: they delete data of the execution's
// own tenant only, in the namespaces its flow may act on (its own, its descendants, and those that
// allow it; the others are left alone and named in a log line), never the running execution's.
// Without a `namespace`, the orchestrator purges the whole tenant; here it purges the flow's
// namespace and its descendants.

/** Whether the flow's namespace may act on `namespace`: its own, a descendant, or one allowing it. */
async function mayActOn(ctx: RunnerContext, namespace: string): Promise<boolean> {
  const own = ctx.flow.namespace;
  if (namespace === own || namespace.startsWith(`${own}.`)) return true;
  try {
    await assertAllowed(ctx.db, namespace, own);
    return true;
  } catch {
    return false;
  }
}

/** Keeps the namespaces the flow may act on, logging the others. */
async function actionable(ctx: RunnerContext, namespaces: Iterable<string>): Promise<Set<string>> {
  const kept = new Set<string>();
  const refused: string[] = [];
  for (const ns of new Set(namespaces)) (await mayActOn(ctx, ns) ? kept.add(ns) : refused.push(ns));
  if (refused.length) ctx.log("WARN", `Left alone (they do not allow ${ctx.flow.namespace}): ${refused.sort().join(", ")}`);
  return kept;
}

function date(props: Record<string, unknown>, key: string, required: boolean): Date | undefined {
  const v = text(props, key);
  if (v === undefined || v.trim() === "") {
    if (required) throw new TaskFailure(`missing required property "${key}"`);
    return undefined;
  }
  const d = new Date(v.trim());
  if (Number.isNaN(d.getTime())) throw new TaskFailure(`property "${key}" must be a date (ISO-8601), not "${v}"`);
  return d;
}

function enumList(props: Record<string, unknown>, key: string, allowed: readonly string[]): string[] | undefined {
  const v = props[key];
  if (v === undefined || v === null || v === "") return undefined;
  return listOf(v, key).map((x) => {
    const s = String(x).toUpperCase();
    if (!allowed.includes(s)) throw new TaskFailure(`property "${key}" holds "${String(x)}", not one of ${allowed.join(", ")}`);
    return s;
  });
}

/**
 * The namespace filter of PurgeLogs / PurgeExecutions: with `flowId`, `namespace` is the flow's
 * (required); without it, a prefix (segment boundaries); neither: the flow's namespace and below.
 */
function namespaceWhere(ctx: RunnerContext) {
  const namespace = text(ctx.props, "namespace")?.trim();
  const flowId = text(ctx.props, "flowId")?.trim();
  if (flowId && !namespace) throw new TaskFailure('"namespace" is required with "flowId"');
  const prefix = namespace || ctx.flow.namespace;
  if (flowId) return { namespace: prefix, flowId };
  return { OR: [{ namespace: prefix }, { namespace: { startsWith: `${prefix}.` } }] };
}

/**
 * log.PurgeLogs: deletes the logs written before `endDate` (and from `startDate`), of `namespace`
 * (a prefix) or its flow `flowId`, or of `executionId`, of `logLevels` (all by default). Outputs
 * `count`. One audit entry (EXECUTION, `<namespace>/logs`) per namespace purged.
 */
export const purgeLogsTask: TaskRunner = async (ctx) => {
  const endDate = date(ctx.props, "endDate", true)!;
  const startDate = date(ctx.props, "startDate", false);
  const levels = enumList(ctx.props, "logLevels", LOG_LEVELS);
  const executionId = text(ctx.props, "executionId")?.trim();
  const where = {
    ...namespaceWhere(ctx),
    ...(executionId ? { executionId } : {}),
    ...(levels ? { level: { in: levels } } : {}),
    timestamp: { lt: endDate, ...(startDate ? { gte: startDate } : {}) },
    NOT: { executionId: ctx.execution.id },
  };
  const found = await ctx.db.executionLog.groupBy({ by: ["namespace"], where, _count: { _all: true } });
  const namespaces = await actionable(ctx, found.map((f) => f.namespace));
  let count = 0;
  for (const namespace of namespaces) {
    if (ctx.signal.aborted) throw new TaskFailure("killed");
    count += await ctx.db.$transaction(async (tx) => {
      const { count: n } = await tx.executionLog.deleteMany({ where: { AND: [where, { namespace }] } });
      await audit(tx, ctx.ctx.actor, ctx.tenantId, {
        action: "DELETE",
        // logs are the executions': the purge is recorded as a change to the namespace's executions
        resourceType: "EXECUTION",
        resourceId: `${namespace}/logs`,
        namespace,
        before: { count: n, endDate: endDate.toISOString(), ...(startDate ? { startDate: startDate.toISOString() } : {}), ...(levels ? { levels } : {}) },
      });
      return n;
    });
  }
  ctx.log("INFO", `Purged ${count} log line(s)`);
  return { outputs: { count } };
};

/**
 * execution.PurgeExecutions: the executions that ended before `endDate` (and started from
 * `startDate`), of `namespace` (a prefix) or its flow `flowId`, in `states` (any by default), never
 * this one: their logs (`purgeLog`), their files in the internal storage (`purgeStorage`) and the
 * executions themselves (`purgeExecution`, audited one by one). Outputs `executionsCount`,
 * `logsCount`, `storagesCount` and `metricsCount` (0: metrics are not kept).
 */
export const purgeExecutionsTask: TaskRunner = async (ctx) => {
  const endDate = date(ctx.props, "endDate", true)!;
  const startDate = date(ctx.props, "startDate", false);
  const states = enumList(ctx.props, "states", EXECUTION_STATES);
  const purgeExecution = boolean(ctx.props, "purgeExecution", true);
  const purgeLog = boolean(ctx.props, "purgeLog", true);
  const purgeStorage = boolean(ctx.props, "purgeStorage", true);
  boolean(ctx.props, "purgeMetric", true);
  const batch = Math.max(1, Math.min(1000, Number(text(ctx.props, "batchSize") ?? 100) || 100));
  const where = {
    ...namespaceWhere(ctx),
    deleted: false,
    endDate: { not: null, lt: endDate },
    ...(startDate ? { startDate: { gte: startDate } } : {}),
    ...(states ? { state: { in: states } } : {}),
    NOT: { id: ctx.execution.id },
  };
  const counts = { executionsCount: 0, logsCount: 0, storagesCount: 0, metricsCount: 0 };
  const allowed = new Map<string, boolean>();
  const refused = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    if (ctx.signal.aborted) throw new TaskFailure("killed");
    const page = await ctx.db.execution.findMany({
      where: { ...where, ...(cursor ? { id: { gt: cursor } } : {}) },
      select: { id: true, namespace: true, flowId: true },
      orderBy: { id: "asc" },
      take: batch,
    });
    if (page.length === 0) break;
    cursor = page[page.length - 1].id;
    for (const e of page) {
      if (!allowed.has(e.namespace)) allowed.set(e.namespace, await mayActOn(ctx, e.namespace));
      if (!allowed.get(e.namespace)) {
        refused.add(e.namespace);
        continue;
      }
      if (purgeLog) counts.logsCount += (await ctx.db.executionLog.deleteMany({ where: { executionId: e.id } })).count;
      if (purgeStorage) counts.storagesCount += await new InternalStorage(ctx.db, e.namespace).deleteFolder(executionFolder(e.namespace, e.flowId, e.id));
      if (purgeExecution) {
        try {
          await deleteExecution(ctx.ctx, e.id);
          counts.executionsCount++;
        } catch (err) {
          throw asFailure(err);
        }
      }
    }
  }
  if (refused.size) ctx.log("WARN", `Left alone (they do not allow ${ctx.flow.namespace}): ${[...refused].sort().join(", ")}`);
  ctx.log("INFO", `Purged ${counts.executionsCount} execution(s), ${counts.logsCount} log line(s), ${counts.storagesCount} file(s)`);
  return { outputs: counts };
};

/**
 * kv.PurgeKV: deletes the keys of `namespaces` (with their descendants unless
 * `includeChildNamespaces` is false) or of the namespaces matching `namespacePattern`, matching
 * `keyPattern` (a glob), only expired ones unless `behavior.expiredOnly` (or the deprecated
 * `expiredOnly`) is false. Each deletion is audited. Outputs `size`, the number deleted.
 */
export const purgeKvTask: TaskRunner = async (ctx) => {
  const listed = ctx.props.namespaces === undefined || ctx.props.namespaces === null ? undefined : listOf(ctx.props.namespaces, "namespaces").map(String);
  const pattern = text(ctx.props, "namespacePattern")?.trim();
  if (listed && pattern) throw new TaskFailure('"namespaces" and "namespacePattern" cannot be used together');
  const children = boolean(ctx.props, "includeChildNamespaces", true);
  const behavior = ctx.props.behavior && typeof ctx.props.behavior === "object" ? (ctx.props.behavior as Record<string, unknown>) : {};
  const expiredOnly = ctx.props.expiredOnly !== undefined && ctx.props.expiredOnly !== null ? boolean(ctx.props, "expiredOnly", true) : boolean(behavior, "expiredOnly", true);
  const keyPattern = text(ctx.props, "keyPattern");
  const keyTest = keyPattern ? globRegExp(keyPattern) : null;
  const nsTest = pattern ? globRegExp(pattern) : null;
  const roots = listed ?? (pattern ? null : [ctx.flow.namespace]);
  const inScope = (ns: string) =>
    roots ? roots.some((r) => ns === r || (children && ns.startsWith(`${r}.`))) : nsTest!.test(ns);
  const now = new Date();
  const rows = await ctx.db.kvEntry.findMany({
    where: expiredOnly ? { expiresAt: { not: null, lte: now } } : {},
    select: { namespace: true, key: true },
    orderBy: [{ namespace: "asc" }, { key: "asc" }],
  });
  const matched = rows.filter((r) => inScope(r.namespace) && (!keyTest || keyTest.test(r.key)));
  const namespaces = await actionable(ctx, matched.map((r) => r.namespace));
  let size = 0;
  for (const r of matched.filter((m) => namespaces.has(m.namespace))) {
    if (ctx.signal.aborted) throw new TaskFailure("killed");
    try {
      await deleteKv(ctx.ctx, r.namespace, r.key);
      size++;
    } catch (e) {
      // an expired key is removed by the read that precedes the deletion: it is gone all the same
      if ((e as { status?: number }).status === 404) size++;
      else throw asFailure(e);
    }
  }
  ctx.log("INFO", `Purged ${size} key(s)`);
  return { outputs: { size } };
};
