import type { Metadata } from "next";
import { AuditTable } from "@/components/audit/audit-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { pagingSchema } from "@/lib/api/paging";
import { listInstanceAuditLogs } from "@/lib/audit/instance-read";
import { instancePage } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Instance audit log" };
const PAGE_SIZE = 50;

export default async function InstanceAuditLogPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const parsed = pagingSchema.safeParse({ page: (await searchParams).page, size: PAGE_SIZE });
  const paging = parsed.success ? parsed.data : { page: 1, size: PAGE_SIZE };
  const {
    data: { results, total },
  } = await instancePage((actor) => listInstanceAuditLogs(actor, paging));
  return (
    <>
      <PageHeader title="Instance audit log" description="Tenants, users, the superadmin flag and TENANT:CREATE grants." />
      {results.length === 0 ? (
        <EmptyState title="No instance changes recorded yet" />
      ) : (
        <>
          <AuditTable rows={results} showNamespace={false} />
          <Pager page={paging.page} pages={Math.max(1, Math.ceil(total / PAGE_SIZE))} total={total} query={{}} />
        </>
      )}
    </>
  );
}
