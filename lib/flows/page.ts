import "server-only";
import type { TenantContext } from "../authz/context";
import { lineage } from "../authz/namespaces";
import { Prisma } from "../db";
import { notFound } from "../errors";
import { flowGitOrigin } from "../git/syncs";
import { type FlowRow, isFlowName, listRevisionsOf, toFlowView } from "./flows";

type PageRow = FlowRow & { gitSyncs: number | bigint };

/**
 * What a flow's page shows, in two statements run side by side: the flow with the number of Git
 * flow syncs that could have written it (its namespace's and its ancestors'), and the first page of
 * its revisions with their number and authors. Only a flow with such a sync reads which one it
 * came from (a third statement). Not found, deleted and unreadable are all a 404.
 */
export async function flowPage(ctx: TenantContext, namespace: string, id: string) {
  ctx.require("FLOW", "READ", namespace);
  if (!isFlowName(namespace, id)) throw notFound("Flow not found");
  const [rows, revisions] = await Promise.all([
    ctx.db.$queryRaw<PageRow[]>(Prisma.sql`
      SELECT "f"."flowId", "f"."namespace", "f"."revision", "f"."source", "f"."description", "f"."labels", "f"."disabled", "f"."updatedAt",
        (SELECT COUNT(*) FROM "GitSync" AS "g"
          WHERE "g"."tenantId" = ${ctx.tenantId} AND "g"."kind" = 'flows' AND "g"."namespace" IN (${Prisma.join(lineage(namespace))})) AS "gitSyncs"
      FROM "Flow" AS "f"
      WHERE "f"."tenantId" = ${ctx.tenantId} AND "f"."namespace" = ${namespace} AND "f"."flowId" = ${id} AND "f"."deleted" = false`),
    listRevisionsOf(ctx, { namespace, id }),
  ]);
  const row = rows[0];
  if (!row) throw notFound("Flow not found");
  const fromGit = Number(row.gitSyncs) > 0 ? await flowGitOrigin(ctx, namespace, id) : null;
  return { flow: toFlowView(row), revisions, fromGit };
}
