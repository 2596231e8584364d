import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { toSummary } from "@/components/executions/api";
import { ExecutionsList } from "@/components/executions/executions-list";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { searchQuery } from "@/lib/api/execution-query";
import { parsePaging } from "@/lib/api/paging";
import { pageTenant } from "@/lib/auth/page";
import { deleteExecutionsAction, killExecutionsAction, restartExecutionsAction } from "@/lib/executions/actions";
import { searchExecutions } from "@/lib/executions/executions";
import { readExecutionFilters, searchParamsOf } from "@/lib/executions/filters";
import { paramsFromRecord } from "@/lib/flows/filters";
import { namespaceTree } from "@/lib/namespaces/namespaces";
import { flattenTree } from "@/lib/namespaces/tree";

export const metadata: Metadata = { title: "Executions" };

export default async function ExecutionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant } = await params;
  // no permission declared: the search returns only the executions the caller may read (filtered in its query)
  const ctx = await pageTenant(tenant);
  const filters = readExecutionFilters(paramsFromRecord(await searchParams));
  const query = searchParamsOf(filters);
  const [page, tree] = await Promise.all([searchExecutions(ctx, searchQuery(query), parsePaging(query)), namespaceTree(ctx)]);
  const flowsLink = (
    <Link href={`/ui/${ctx.tenantId}/flows`} className={buttonClass("primary")}>
      Go to the flows
    </Link>
  );
  return (
    <>
      <PageHeader title="Executions" description={`Runs of the flows you can read in ${ctx.tenant.name}; states change live while this page is open.`} />
      <Suspense>
        <ExecutionsList
          tenant={ctx.tenantId}
          initial={{ filters, data: { results: page.results.map(toSummary), total: page.total } }}
          namespaces={flattenTree(tree)}
          can={{
            kill: ctx.canSomewhere("EXECUTION", "UPDATE"),
            restart: ctx.canSomewhere("EXECUTION", "CREATE"),
            remove: ctx.canSomewhere("EXECUTION", "DELETE"),
          }}
          actions={{ kill: killExecutionsAction, restart: restartExecutionsAction, remove: deleteExecutionsAction }}
          empty={ctx.canSomewhere("EXECUTION", "CREATE") ? flowsLink : undefined}
        />
      </Suspense>
    </>
  );
}
