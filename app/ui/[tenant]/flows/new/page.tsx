import type { Metadata } from "next";
import Link from "next/link";
import { NewFlowEditor } from "@/components/flows/new-flow-editor";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { pageTenant } from "@/lib/auth/page";
import { DEFAULT_TEMPLATE_NAMESPACE, newFlowTemplate, templateNamespace } from "@/lib/flows/template";
import { createFlowAction } from "@/lib/flows/actions";

export const metadata: Metadata = { title: "New flow" };

export default async function NewFlowPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<{ namespace?: string | string[] }>;
}) {
  const { tenant } = await params;
  // FLOW:CREATE somewhere: the namespace is the YAML's, checked when the flow is created
  const ctx = await pageTenant(tenant, { permission: "FLOW", action: "CREATE" });
  // the tenant is theirs: say which permission is missing (SPEC §4's 403), as the admin pages do
  if (ctx.refused) {
    return (
      <>
        <PageHeader title="New flow" />
        <EmptyState title={`You cannot create flows in ${ctx.tenant.name}`}>
          Creating a flow needs the permission {ctx.refused} in at least one namespace.
        </EmptyState>
      </>
    );
  }
  const requested = (await searchParams).namespace;
  // without a namespace asked for, start in one the user may create flows in
  const scope = ctx.scope("FLOW", "CREATE");
  const fallback = scope.all ? DEFAULT_TEMPLATE_NAMESPACE : scope.prefixes[0];
  const namespace = templateNamespace(Array.isArray(requested) ? requested[0] : requested, fallback);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1.5 text-sm text-slate-500">
        <Link href={`/ui/${ctx.tenantId}/flows`} className="hover:text-indigo-600">
          Flows
        </Link>
        <span aria-hidden>/</span>
        <span>New flow</span>
      </nav>
      <div className="mb-5">
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">New flow</h1>
        <p className="mt-1 text-sm text-slate-500">
          Write the flow in YAML: its <code className="font-mono text-slate-700">id</code> and{" "}
          <code className="font-mono text-slate-700">namespace</code> name it, and cannot change once it is saved.
        </p>
      </div>
      {!ctx.can("FLOW", "CREATE", namespace) && (
        <p className="mb-4 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          You may not create flows in <span className="font-mono">{namespace}</span>: change the namespace in the YAML to one where you may.
        </p>
      )}
      <NewFlowEditor tenant={ctx.tenantId} template={newFlowTemplate(namespace)} create={createFlowAction} />
    </>
  );
}
