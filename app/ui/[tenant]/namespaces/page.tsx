import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { pageTenant } from "@/lib/auth/page";
import { listNamespaces } from "@/lib/namespaces/list";

export const metadata: Metadata = { title: "Namespaces" };

export default async function NamespacesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  const ctx = await pageTenant(tenant);
  const namespaces = await listNamespaces(ctx);
  return (
    <>
      <PageHeader title="Namespaces" description="Namespaces organise flows, secrets and variables; dots make a hierarchy." />
      {namespaces.length === 0 ? (
        <EmptyState title="No namespaces yet">A namespace exists as soon as a flow uses it.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="namespace-list">
          {namespaces.map((n) => (
            <li key={n.name} className="flex items-center justify-between px-4 py-2">
              <span className={`font-mono ${n.explicit ? "text-slate-800" : "text-slate-400"}`}>{n.name}</span>
              <span className="text-xs text-slate-500">{n.flows} flows</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
