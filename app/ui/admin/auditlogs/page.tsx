import type { Metadata } from "next";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { pagingSchema } from "@/lib/api/paging";
import { listInstanceAuditLogs } from "@/lib/audit/instance-read";
import { type AuditFilters as Filters, parseAuditFilters } from "@/lib/audit/read";
import { instancePage } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Instance audit log" };
const PAGE_SIZE = 50;
const KEYS = ["actor", "action", "resourceType", "from", "to"] as const;

export default async function InstanceAuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const values = Object.fromEntries(KEYS.map((k) => [k, sp[k] || undefined]));
  const query = new URLSearchParams(Object.entries(values).filter((e): e is [string, string] => !!e[1]));
  let filters: Filters = {};
  let problem: string | null = null;
  try {
    filters = parseAuditFilters(query);
  } catch (e) {
    problem = isAppError(e) ? e.details.map((d) => d.message).join("; ") || e.message : "Invalid filters";
  }
  const parsed = pagingSchema.safeParse({ page: sp.page, size: PAGE_SIZE });
  const paging = parsed.success ? parsed.data : { page: 1, size: PAGE_SIZE };
  const {
    data: { results, total },
  } = await instancePage((actor) => listInstanceAuditLogs(actor, filters, paging));
  const filtered = KEYS.some((k) => values[k]);
  return (
    <>
      <PageHeader title="Instance audit log" description="Tenants, users, the superadmin flag, API tokens and TENANT:CREATE grants." />
      <AuditFilters log="instance" values={values} exportHref={`/api/v1/admin/auditlogs/export?${query}`} />
      {problem && (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {problem}
        </p>
      )}
      {results.length === 0 ? (
        <EmptyState title={filtered ? "No entry matches these filters" : "No instance changes recorded yet"}>
          {filtered ? "Widen the time range or clear a filter." : undefined}
        </EmptyState>
      ) : (
        <>
          <AuditTable rows={results} showNamespace={false} />
          <Pager page={paging.page} pages={Math.max(1, Math.ceil(total / PAGE_SIZE))} total={total} query={values} />
        </>
      )}
    </>
  );
}
