import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { pageTenant } from "@/lib/auth/page";
import { searchFlows } from "@/lib/flows/list";

export const metadata: Metadata = { title: "Flows" };

export default async function FlowsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  const ctx = await pageTenant(tenant);
  const { results, total } = await searchFlows(ctx, {}, { page: 1, size: 100 });
  return (
    <>
      <PageHeader title="Flows" description={`${total} flow${total === 1 ? "" : "s"} you can read in ${ctx.tenant.name}`} />
      {results.length === 0 ? (
        <EmptyState title="No flows yet">
          Flows are YAML documents organised in namespaces; the flows you may read in this tenant appear here.
        </EmptyState>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="flows-table">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2">Namespace</th>
                <th className="px-4 py-2">Flow</th>
                <th className="px-4 py-2">Description</th>
                <th className="px-4 py-2">Revision</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {results.map((f) => (
                <tr key={`${f.namespace}/${f.id}`}>
                  <td className="px-4 py-2 font-mono text-xs text-slate-600">{f.namespace}</td>
                  <td className="px-4 py-2 font-medium">{f.id}</td>
                  <td className="px-4 py-2 text-slate-600">{f.description}</td>
                  <td className="px-4 py-2">{f.revision}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
