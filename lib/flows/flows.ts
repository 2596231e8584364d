import "server-only";
import type { TenantContext } from "../authz/context";
import { audit } from "../audit/write";
import { type Paging, skipTake } from "../api/paging";
import { Prisma, type TenantDb, type Tx, isUniqueViolation } from "../db";
import { type ErrorDetail, badRequest, conflict, forbidden, invalid, notFound, payloadTooLarge, preconditionFailed } from "../errors";
import { isAllowed, parseAllowed } from "../namespaces/chain";
import { pluginDefaultsInForce } from "../namespaces/settings";
import { usernamesOf } from "../users/users";
import { MAX_REPORTED_PROBLEMS, checkFlowBounds } from "./bounds";
import { childFlowCalls, refusedCalls } from "./subflows";
import { declaredNamespace, type FlowProblem, type FlowValidation, type ParsedFlow, validateFlowSource } from "./validation";
import { namespaceProblem } from "./validation/names";
import { syncFlowTriggers } from "../triggers/sync";

export type FlowView = {
  /** a save's findings that did not refuse it (a type whose plugin is not installed, a malformed expression) */
  warnings?: FlowProblem[];
  id: string;
  namespace: string;
  revision: number;
  source: string;
  description: string | null;
  labels: Record<string, string>;
  disabled: boolean;
  updated: Date;
};

const flowSelect = {
  id: true,
  flowId: true,
  namespace: true,
  revision: true,
  source: true,
  description: true,
  labels: true,
  disabled: true,
  deleted: true,
  updatedAt: true,
} as const;
export type FlowRow = { flowId: string; namespace: string; revision: number; source: string; description: string | null; labels: string; disabled: boolean; updatedAt: Date };

export function toFlowView(r: FlowRow): FlowView {
  return {
    id: r.flowId,
    namespace: r.namespace,
    revision: r.revision,
    source: r.source,
    description: r.description,
    labels: JSON.parse(r.labels),
    disabled: r.disabled,
    updated: r.updatedAt,
  };
}

/** A flow's source is at most 1 MiB (UTF-8): its revisions and audit entries stay bounded too. */
export const MAX_FLOW_SOURCE_BYTES = 1024 * 1024;

/** The 413 message for a source over the limit, or null. */
export function sourceSizeProblem(source: string): string | null {
  // a string's UTF-8 length is at most 3 bytes per UTF-16 unit: only long ones are measured
  if (source.length * 3 <= MAX_FLOW_SOURCE_BYTES) return null;
  const bytes = Buffer.byteLength(source, "utf8");
  return bytes > MAX_FLOW_SOURCE_BYTES ? `The flow's source is ${bytes} bytes; the limit is ${MAX_FLOW_SOURCE_BYTES} bytes (1 MiB)` : null;
}

function checkSourceSize(source: string) {
  const problem = sourceSizeProblem(source);
  if (problem) throw payloadTooLarge(problem);
}

const details = (problems: FlowProblem[]): ErrorDetail[] =>
  problems.map((p) => ({ path: p.path, line: p.line, column: p.column, message: p.message }));

/**
/**
 * Validates a flow's YAML with the plugin defaults in force in the namespace it declares (the
 * orchestrator applies them before validating, so they may supply required properties).
 */
export async function checkFlowSource(tdb: TenantDb, source: string): Promise<FlowValidation> {
  const namespace = declaredNamespace(source);
  const namespaceDefaults = namespace && !namespaceProblem(namespace) ? await pluginDefaultsInForce(tdb, namespace) : [];
  return validateFlowSource(source, { namespaceDefaults });
}

/**
 * Validates a flow's YAML: 400 when it is not YAML at all, 422 with its problems otherwise (the
 * first MAX_REPORTED_PROBLEMS, the message giving the total). Too large a flow is refused first.
 */
export async function parseFlow(tdb: TenantDb, source: string): Promise<{ flow: ParsedFlow; warnings: FlowProblem[] }> {
  checkFlowBounds(source);
  const result = await checkFlowSource(tdb, source);
  if (result.ok) return { flow: result.flow, warnings: result.warnings ?? [] };
  const total = result.problems.length;
  const listed = details(result.problems.slice(0, MAX_REPORTED_PROBLEMS));
  const cut = total > MAX_REPORTED_PROBLEMS ? `the first ${MAX_REPORTED_PROBLEMS} are listed` : "";
  if (result.syntax) throw badRequest(`The flow is not valid YAML${cut && ` (${total} errors; ${cut})`}`, listed);
  throw invalid(`The flow has ${total} problem${total === 1 ? "" : "s"}${cut && ` (${cut})`}`, listed);
}

/** A saved flow with what its validation found that did not refuse it. */
const withWarnings = <V extends object>(view: V, warnings: FlowProblem[]): V & { warnings?: FlowProblem[] } =>
  warnings.length ? { ...view, warnings } : view;

/** Refuses a caller who may not create the flow before any work on its YAML. */
function requireCreate(ctx: TenantContext, source: string) {
  if (!ctx.canSomewhere("FLOW", "CREATE")) throw forbidden("Missing permission FLOW:CREATE");
  const namespace = declaredNamespace(source);
  if (namespace !== undefined && !ctx.can("FLOW", "CREATE", namespace)) throw forbidden(`Missing permission FLOW:CREATE in namespace ${namespace}`);
}

function columns(flow: ParsedFlow, source: string) {
  return {
    source,
    parsed: JSON.stringify(flow),
    description: typeof flow.description === "string" ? flow.description : null,
    labels: JSON.stringify(flow.labels ?? {}),
    disabled: flow.disabled === true,
  };
}

/** Whether a flow could have this namespace and id: a name no flow can have is simply not there (and never reaches the database). */
export const isFlowName = (namespace: string, id: string) => /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/.test(id) && /^[a-z0-9][a-z0-9._-]{0,149}$/.test(namespace);

async function loadFlow(ctx: TenantContext, namespace: string, id: string) {
  if (!isFlowName(namespace, id)) throw notFound("Flow not found");
  const row = await ctx.db.flow.findFirst({
    where: { namespace, flowId: id, deleted: false },
    select: flowSelect,
  });
  if (!row) throw notFound("Flow not found");
  return row;
}

export async function getFlow(ctx: TenantContext, namespace: string, id: string): Promise<FlowView> {
  ctx.require("FLOW", "READ", namespace);
  return toFlowView(await loadFlow(ctx, namespace, id));
}

async function nextRevision(tx: Tx, namespace: string, flowId: string) {
  const last = await tx.flowRevision.findFirst({
    where: { namespace, flowId },
    orderBy: { revision: "desc" },
    select: { revision: true },
  });
  return (last?.revision ?? 0) + 1;
}

/** Refuses (422) a flow that calls subflows in namespaces that do not allow its namespace. */
async function checkSubflowAccess(ctx: TenantContext, flow: ParsedFlow) {
  const calls = childFlowCalls(flow);
  if (calls.length === 0) return;
  const owners = [...new Set(calls.map((c) => c.namespace))];
  const rows = await ctx.db.namespace.findMany({
    where: { name: { in: owners } },
    select: { name: true, allowedNamespaces: true },
  });
  const lists = new Map(rows.map((r) => [r.name, parseAllowed(r.allowedNamespaces)]));
  const refused = refusedCalls(calls, flow.namespace, (owner) => isAllowed(lists.get(owner) ?? null, owner, flow.namespace));
  if (refused.length) throw invalid("The flow calls flows its namespace may not use", refused);
}

/** Creates a flow from its YAML; re-creating a deleted flow continues its revision numbers. */
export async function createFlow(ctx: TenantContext, source: string): Promise<FlowView> {
  checkSourceSize(source);
  requireCreate(ctx, source);
  const { flow, warnings } = await parseFlow(ctx.db, source);
  const { namespace, id } = flow;
  if (!ctx.can("FLOW", "CREATE", namespace)) throw forbidden(`Missing permission FLOW:CREATE in namespace ${namespace}`);
  await checkSubflowAccess(ctx, flow);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const existing = await tx.flow.findFirst({
        where: { namespace, flowId: id },
        select: { id: true, deleted: true },
      });
      if (existing && !existing.deleted) throw conflict(`Flow ${namespace}.${id} already exists; update it instead`);
      const revision = await nextRevision(tx, namespace, id);
      const data = { ...columns(flow, source), revision, deleted: false };
      const row = existing
        ? await tx.flow.update({ where: { id: existing.id }, data, select: flowSelect })
        : await tx.flow.create({ data: { tenantId: ctx.tenantId, namespace, flowId: id, ...data }, select: flowSelect });
      await tx.flowRevision.create({
        data: { tenantId: ctx.tenantId, namespace, flowId: id, revision, source, authorId: ctx.actor.userId },
      });
      await syncFlowTriggers(tx, ctx.tenantId, { namespace, flowId: id, flow, disabled: flow.disabled === true });
      await audit(tx, ctx.actor, ctx.tenantId, {
        action: "CREATE",
        resourceType: "FLOW",
        resourceId: `${namespace}.${id}`,
        namespace,
        after: { revision, source },
      });
      return withWarnings(toFlowView(row), warnings);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`Flow ${namespace}.${id} already exists; update it instead`);
    throw e;
  }
}

/**
 * Saves a new revision of a flow. `baseRevision` is the revision the edit started from: if another
 * save landed in between, the save is refused (412) and nothing is written. The namespace and id of
 * a saved flow cannot change.
 */
export async function updateFlow(
  ctx: TenantContext,
  namespace: string,
  id: string,
  source: string,
  baseRevision: number,
): Promise<FlowView & { changed: boolean }> {
  ctx.require("FLOW", "UPDATE", namespace);
  checkSourceSize(source);
  const current = await loadFlow(ctx, namespace, id);
  const { flow, warnings } = await parseFlow(ctx.db, source);
  const refusals: ErrorDetail[] = [];
  if (flow.namespace !== namespace) {
    refusals.push({
      path: "namespace",
      message: `The namespace of a saved flow cannot change (it is ${namespace}); to move it, create a new flow in namespace ${flow.namespace}`,
    });
  }
  if (flow.id !== id) {
    refusals.push({ path: "id", message: `The id of a saved flow cannot change (it is ${id}); create a new flow instead` });
  }
  if (refusals.length) throw invalid("The flow cannot be saved", refusals);
  if (current.revision !== baseRevision) {
    throw preconditionFailed(
      `This flow was changed since revision ${baseRevision} (it is now at revision ${current.revision}); reload it and apply your changes again`,
    );
  }
  if (current.source === source) return withWarnings({ ...toFlowView(current), changed: false }, warnings);
  await checkSubflowAccess(ctx, flow);

  return ctx.db.$transaction(async (tx) => {
    const revision = baseRevision + 1;
    const updated = await tx.flow.updateMany({
      where: { id: current.id, revision: baseRevision, deleted: false },
      data: { ...columns(flow, source), revision },
    });
    if (updated.count === 0) {
      throw preconditionFailed(`This flow was changed since revision ${baseRevision}; reload it and apply your changes again`);
    }
    await tx.flowRevision.create({
      data: { tenantId: ctx.tenantId, namespace, flowId: id, revision, source, authorId: ctx.actor.userId },
    });
    await syncFlowTriggers(tx, ctx.tenantId, { namespace, flowId: id, flow, disabled: flow.disabled === true });
    await audit(tx, ctx.actor, ctx.tenantId, {
      action: "UPDATE",
      resourceType: "FLOW",
      resourceId: `${namespace}.${id}`,
      namespace,
      before: { revision: current.revision, source: current.source },
      after: { revision, source },
    });
    const row = await tx.flow.findFirstOrThrow({ where: { id: current.id }, select: flowSelect });
    return withWarnings({ ...toFlowView(row), changed: true }, warnings);
  });
}

/** Soft delete: the flow disappears, its revisions stay. */
export async function deleteFlow(ctx: TenantContext, namespace: string, id: string) {
  ctx.require("FLOW", "DELETE", namespace);
  const current = await loadFlow(ctx, namespace, id);
  return ctx.db.$transaction(async (tx) => {
    await tx.flow.updateMany({ where: { id: current.id }, data: { deleted: true } });
    await syncFlowTriggers(tx, ctx.tenantId, { namespace, flowId: id, flow: null });
    await audit(tx, ctx.actor, ctx.tenantId, {
      action: "DELETE",
      resourceType: "FLOW",
      resourceId: `${namespace}.${id}`,
      namespace,
      before: { revision: current.revision, source: current.source },
    });
    return { id, namespace, deleted: true };
  });
}

const REVISIONS_PAGE = { page: 1, size: 25 };

async function authorNames(ids: (string | null)[]) {
  const name = await usernamesOf(ids.filter((a): a is string => !!a));
  return (id: string | null) => (id ? (name.get(id) ?? null) : null);
}

/**
 * A page of a flow's revisions, newest first: metadata only (a flow's source is up to 1 MB and
 * it may have hundreds of revisions), each source is fetched alone with `getRevision`.
 */
export async function listRevisions(ctx: TenantContext, namespace: string, id: string, paging: Paging = REVISIONS_PAGE) {
  ctx.require("FLOW", "READ", namespace);
  await loadFlow(ctx, namespace, id);
  return revisionsOf(ctx, namespace, id, paging);
}

/** A flow's revisions and their number, for a caller that has just read the flow itself (its page). */
export async function listRevisionsOf(ctx: TenantContext, flow: Pick<FlowView, "namespace" | "id">, paging: Paging = REVISIONS_PAGE) {
  ctx.require("FLOW", "READ", flow.namespace);
  return revisionsOf(ctx, flow.namespace, flow.id, paging);
}

type RevisionRow = { n: number | bigint; revision: number | null; createdAt: Date | null; author: string | null };

/**
 * A page of revisions, their number and their authors in one statement: the count's one row joined
 * with the page's ids (none past the last page, which still has its total), then with those
 * revisions by primary key and their authors (the instance's users), newest first.
 */
async function revisionsOf(ctx: TenantContext, namespace: string, id: string, paging: Paging) {
  const { skip, take } = skipTake(paging);
  const own = Prisma.sql`"tenantId" = ${ctx.tenantId} AND "namespace" = ${namespace} AND "flowId" = ${id}`;
  const rows = await ctx.db.$queryRaw<RevisionRow[]>(Prisma.sql`
    SELECT "c"."n", "r"."revision", "r"."createdAt", "u"."username" AS "author"
    FROM (SELECT COUNT(*) AS "n" FROM "FlowRevision" WHERE ${own}) AS "c"
    LEFT JOIN (SELECT "id" FROM "FlowRevision" WHERE ${own} ORDER BY "revision" DESC LIMIT ${take} OFFSET ${skip}) AS "p" ON 1 = 1
    LEFT JOIN "FlowRevision" AS "r" ON "r"."id" = "p"."id"
    LEFT JOIN "User" AS "u" ON "u"."id" = "r"."authorId"
    ORDER BY "r"."revision" DESC`);
  return {
    results: rows.flatMap((r) => (r.revision === null ? [] : [{ revision: Number(r.revision), created: r.createdAt!, author: r.author }])),
    total: Number(rows[0]?.n ?? 0),
    page: paging.page,
    size: paging.size,
  };
}

/** One revision of a flow with its source. */
export async function getRevision(ctx: TenantContext, namespace: string, id: string, revision: number) {
  ctx.require("FLOW", "READ", namespace);
  await loadFlow(ctx, namespace, id);
  if (!Number.isSafeInteger(revision) || revision < 1) throw notFound("Revision not found");
  const row = await ctx.db.flowRevision.findFirst({
    where: { namespace, flowId: id, revision },
    select: { revision: true, source: true, createdAt: true, authorId: true },
  });
  if (!row) throw notFound("Revision not found");
  const author = await authorNames([row.authorId]);
  return { revision: row.revision, source: row.source, created: row.createdAt, author: author(row.authorId) };
}

/** Restores an old revision as a new one (never rewrites history). */
export async function restoreRevision(ctx: TenantContext, namespace: string, id: string, revision: number, baseRevision: number) {
  ctx.require("FLOW", "UPDATE", namespace);
  const old = await ctx.db.flowRevision.findFirst({
    where: { namespace, flowId: id, revision },
    select: { source: true },
  });
  if (!old) throw notFound("Revision not found");
  return updateFlow(ctx, namespace, id, old.source, baseRevision);
}
