import type { Metadata } from "next";
import { CreateNamespaceForm } from "@/components/namespaces/create-namespace-form";
import { NamespaceTree } from "@/components/namespaces/namespace-tree";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { pageTenant } from "@/lib/auth/page";
import { namespaceTree } from "@/lib/namespaces/namespaces";
import { createNamespaceAction } from "@/lib/namespaces/actions";

export const metadata: Metadata = { title: "Namespaces" };

export default async function NamespacesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  // no permission declared: the tree holds only the namespaces the caller may read (filtered in its query)
  const ctx = await pageTenant(tenant);
  const tree = await namespaceTree(ctx);
  const canCreate = ctx.canSomewhere("NAMESPACE", "CREATE");
  return (
    <>
      <PageHeader title="Namespaces" description="Namespaces organise flows, secrets and variables; dots make a hierarchy." />
      <div className="grid items-start gap-6 lg:grid-cols-3">
        <div className={canCreate ? "lg:col-span-2" : "lg:col-span-3"}>
          {tree.length === 0 ? (
            <EmptyState title="No namespaces yet">
              A namespace exists as soon as a flow uses it{canCreate ? ", or create one here" : ""}. You see the namespaces you may read.
            </EmptyState>
          ) : (
            <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
              <NamespaceTree tenant={ctx.tenantId} nodes={tree} />
            </div>
          )}
          <p className="mt-3 flex items-center gap-2 text-xs text-slate-500">
            <span className="rounded border border-dashed border-slate-300 px-1.5 text-[11px] text-slate-500">implicit</span>
            used by flows, not created: it has no description, variables or settings of its own until it is created.
          </p>
        </div>
        {canCreate && (
          <section className="rounded-lg border border-slate-200 bg-white p-5">
            <h2 className="mb-4 text-sm font-semibold text-slate-900">Create namespace</h2>
            <CreateNamespaceForm tenant={ctx.tenantId} create={createNamespaceAction} />
          </section>
        )}
      </div>
    </>
  );
}
