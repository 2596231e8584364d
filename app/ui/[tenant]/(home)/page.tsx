import type { Metadata } from "next";
import Link from "next/link";
import { toSummary } from "@/components/executions/api";
import { RecentExecutions } from "@/components/executions/recent-executions";
import { StatsChart } from "@/components/executions/stats-chart";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { pageTenant } from "@/lib/auth/page";
import { searchExecutions } from "@/lib/executions/executions";
import { executionStats } from "@/lib/executions/stats";

export const metadata: Metadata = { title: "Dashboard" };

const ACTIVE = ["CREATED", "QUEUED", "RUNNING", "PAUSED", "RETRYING", "KILLING"];

export default async function TenantHome({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  // no permission declared: the counts and lists hold only the executions the caller may read (filtered in its query)
  const ctx = await pageTenant(tenant);
  const t = ctx.tenantId;
  const flowsLink = (
    <Link href={`/ui/${t}/flows`} className={buttonClass("primary")}>
      Go to the flows
    </Link>
  );
  if (!ctx.canSomewhere("EXECUTION", "READ")) {
    return (
      <>
        <PageHeader title={ctx.tenant.name} description="The tenant's home." />
        <EmptyState title="You cannot see executions here" action={flowsLink}>
          Reading executions needs EXECUTION:READ in a namespace; ask an administrator of this tenant for a binding. Meanwhile, the flows you may read are listed on the flows page.
        </EmptyState>
      </>
    );
  }
  const [stats, failures, active] = await Promise.all([
    executionStats(ctx),
    searchExecutions(ctx, { states: ["FAILED"] }, { page: 1, size: 8 }),
    searchExecutions(ctx, { states: ACTIVE }, { page: 1, size: 8 }),
  ]);
  const description = `Executions of the flows you can read in ${ctx.tenant.name}.`;
  if (stats.total === 0 && active.total === 0 && failures.total === 0) {
    return (
      <>
        <PageHeader title="Dashboard" description={description} />
        <EmptyState title="No executions yet" action={flowsLink}>
          Once flows run, this page shows their executions per state over the last hours and days, the latest failures and what is running now. Open a flow and press Execute to run it.
        </EmptyState>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={description}
        actions={
          <Link href={`/ui/${t}/executions`} className={buttonClass("secondary")}>
            All executions
          </Link>
        }
      />
      <div className="space-y-6">
        <StatsChart stats={stats} />
        <div className="grid gap-6 lg:grid-cols-2">
          <RecentExecutions
            tenant={t}
            title="Latest failures"
            testId="latest-failures"
            rows={failures.results.map(toSummary)}
            total={failures.total}
            more={`/ui/${t}/executions?state=FAILED`}
            empty="No failed executions. Good."
          />
          <RecentExecutions
            tenant={t}
            title="Running and paused"
            testId="active-executions"
            rows={active.results.map(toSummary)}
            total={active.total}
            more={`/ui/${t}/executions?${ACTIVE.map((s) => `state=${s}`).join("&")}`}
            empty="Nothing is running or paused right now."
          />
        </div>
      </div>
    </>
  );
}
