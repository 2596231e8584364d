import "server-only";
import type { TenantContext } from "../authz/context";
import { lineage } from "../authz/namespaces";
import type { TenantDb } from "../db";
import { notFound } from "../errors";
import { startExecution } from "../executions/executions";
import type { GitSyncView } from "./types";

// Where a namespace's files and flows were last synced from Git (recorded by the git plugin's
// SyncNamespaceFiles and SyncFlows), and "Sync now": a new execution of the flow that synced it.

const parse = (raw: string): GitSyncView["result"] => {
  try {
    const v = JSON.parse(raw);
    return v && typeof v === "object" ? v : {};
  } catch {
    return {};
  }
};

/** The namespace's syncs from Git (files, flows), for a reader of its flows. */
export async function namespaceGitSyncs(ctx: TenantContext, namespace: string): Promise<GitSyncView[]> {
  ctx.require("FLOW", "READ", namespace);
  const rows = await ctx.db.gitSync.findMany({ where: { namespace }, orderBy: { kind: "asc" } });
  return rows.map(toView);
}

type GitSyncRow = Awaited<ReturnType<TenantDb["gitSync"]["findFirstOrThrow"]>>;

const toView = (r: GitSyncRow): GitSyncView => ({
  kind: r.kind === "flows" ? "flows" : "files",
  url: r.url,
  branch: r.branch,
  gitDirectory: r.gitDirectory,
  flowNamespace: r.flowNamespace,
  flowId: r.flowId,
  executionId: r.executionId,
  result: parse(r.result),
  updated: r.updatedAt.toISOString(),
});

/** Runs the flow that last synced the namespace's `kind` again (EXECUTION:CREATE in that flow's namespace). */
export async function syncNow(ctx: TenantContext, namespace: string, kind: "files" | "flows") {
  ctx.require("FLOW", "READ", namespace);
  const row = await ctx.db.gitSync.findFirst({ where: { namespace, kind } });
  if (!row) throw notFound(`The ${kind} of ${namespace} were not synced from Git`);
  const execution = await startExecution(ctx, { namespace: row.flowNamespace, flowId: row.flowId, inputs: {} });
  return { executionId: execution.id, namespace: row.flowNamespace, flowId: row.flowId };
}

/** The sync a flow came from (SyncFlows into its namespace or an ancestor listing it), or null. */
export async function flowGitOrigin(ctx: TenantContext, namespace: string, flowId: string): Promise<GitSyncView | null> {
  ctx.require("FLOW", "READ", namespace);
  const rows = await ctx.db.gitSync.findMany({ where: { kind: "flows", namespace: { in: lineage(namespace) } } });
  const key = `${namespace}.${flowId}`;
  const row = rows.find((r) => (parse(r.result).flows ?? []).includes(key));
  return row ? toView(row) : null;
}
