import type { Metadata } from "next";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { pagingSchema } from "@/lib/api/paging";
import { listAuditLogs, parseAuditFilters } from "@/lib/audit/read";
import { pageTenant } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Audit logs" };
const PAGE_SIZE = 50;
const KEYS = ["actor", "action", "resourceType", "namespace", "from", "to"] as const;

export default async function AuditLogsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { tenant } = await params;
  const ctx = await pageTenant(tenant, { permission: "AUDITLOG" });
  const sp = await searchParams;
  const header = <PageHeader title="Audit logs" description={`Every change in ${ctx.tenant.name}: who, what, when, and the diff.`} />;
  if (ctx.refused) {
    return (
      <>
        {header}
        <EmptyState title="You cannot see this tenant's audit log">Reading it needs the permission {ctx.refused}.</EmptyState>
      </>
    );
  }
  const values = Object.fromEntries(KEYS.map((k) => [k, sp[k] || undefined]));
  const query = new URLSearchParams(Object.entries(values).filter((e): e is [string, string] => !!e[1]));
  let filters;
  let problem: string | null = null;
  try {
    filters = parseAuditFilters(query);
  } catch (e) {
    problem = isAppError(e) ? e.details.map((d) => d.message).join("; ") || e.message : "Invalid filters";
    filters = {};
  }
  const parsedPage = pagingSchema.safeParse({ page: sp.page, size: PAGE_SIZE });
  const paging = parsedPage.success ? parsedPage.data : { page: 1, size: PAGE_SIZE };
  const { results, total } = await listAuditLogs(ctx, filters, paging);
  const filtered = KEYS.some((k) => values[k]);
  return (
    <>
      {header}
      <AuditFilters values={values} exportHref={`/api/v1/${ctx.tenantId}/auditlogs/export?${query}`} />
      {problem && (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {problem}
        </p>
      )}
      {results.length === 0 ? (
        <EmptyState title={filtered ? "No entry matches these filters" : "No changes recorded yet"}>
          {filtered ? "Widen the time range or clear a filter." : "Every change made in this tenant will appear here."}
        </EmptyState>
      ) : (
        <>
          <AuditTable rows={results} />
          <Pager page={paging.page} pages={Math.max(1, Math.ceil(total / PAGE_SIZE))} total={total} query={values} />
        </>
      )}
    </>
  );
}
