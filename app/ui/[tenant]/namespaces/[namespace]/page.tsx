import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { FlowsBrowser, NewFlowLink } from "@/components/flows/flows-browser";
import { Tabs } from "@/components/ui/tabs";
import { NamespaceAccess } from "@/components/namespaces/namespace-access";
import { NamespaceDescription } from "@/components/namespaces/namespace-description";
import { FilesTab } from "@/components/namespaces/tabs/files-tab";
import { KvTab } from "@/components/namespaces/tabs/kv-tab";
import { PluginDefaultsTab } from "@/components/namespaces/tabs/plugin-defaults-tab";
import { SecretsTab } from "@/components/namespaces/tabs/secrets-tab";
import { SettingsTab } from "@/components/namespaces/tabs/settings-tab";
import type { NamespaceTabProps } from "@/components/namespaces/tabs/types";
import { VariablesTab } from "@/components/namespaces/tabs/variables-tab";
import { orNotFound, pageTenant } from "@/lib/auth/page";
import { FLOWS_PAGE_SIZE, paramsFromRecord, parseLabelFilter, readFlowFilters } from "@/lib/flows/filters";
import { searchFlows } from "@/lib/flows/list";
import { toFlowPage } from "@/lib/flows/serialize";
import { getNamespace } from "@/lib/namespaces/namespaces";
import { listBindings } from "@/lib/rbac/bindings";
import { createNamespaceAction, updateNamespaceAction } from "@/lib/namespaces/actions";
import { GitSyncPanel } from "@/components/namespaces/git-sync-panel";
import { syncNowAction } from "@/lib/git/actions";
import { namespaceGitSyncs } from "@/lib/git/syncs";

// one file per tab, so each section of the namespace grows on its own
const SECTIONS: Record<string, { label: string; Tab: (p: NamespaceTabProps) => React.ReactNode | Promise<React.ReactNode> }> = {
  variables: { label: "Variables", Tab: VariablesTab },
  "plugin-defaults": { label: "Plugin defaults", Tab: PluginDefaultsTab },
  secrets: { label: "Secrets", Tab: SecretsTab },
  kv: { label: "KV", Tab: KvTab },
  files: { label: "Files", Tab: FilesTab },
  settings: { label: "Settings", Tab: SettingsTab },
};

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export async function generateMetadata({ params }: { params: Promise<{ namespace: string }> }): Promise<Metadata> {
  return { title: decode((await params).namespace) };
}

export default async function NamespacePage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string; namespace: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const p = await params;
  const name = decode(p.namespace);
  // a namespace the caller may not read is not found
  const ctx = await pageTenant(p.tenant, { permission: "NAMESPACE", namespace: name });
  const namespace = await orNotFound(() => getNamespace(ctx, name));
  const query = await searchParams;
  const canSeeAccess = ctx.can("BINDING", "READ");
  const requested = typeof query.tab === "string" ? query.tab : "flows";
  const tab = requested === "flows" || Object.hasOwn(SECTIONS, requested) || (requested === "access" && canSeeAccess) ? requested : "flows";

  const base = `/ui/${ctx.tenantId}/namespaces/${encodeURIComponent(name)}`;
  const tabs = [
    { key: "flows", label: "Flows", count: namespace.flows, href: base },
    ...Object.entries(SECTIONS).map(([key, t]) => ({ key, label: t.label, href: `${base}?tab=${key}` })),
    ...(canSeeAccess ? [{ key: "access", label: "Access", href: `${base}?tab=access` }] : []),
  ];
  const parts = name.split(".");
  const canCreateFlow = ctx.can("FLOW", "CREATE", name);
  const gitSyncs = ctx.can("FLOW", "READ", name) ? await namespaceGitSyncs(ctx, name) : [];

  let body: React.ReactNode;
  if (tab === "flows") {
    const filters = { ...readFlowFilters(paramsFromRecord(query)), namespace: name };
    const page = await searchFlows(
      ctx,
      { q: filters.q, namespace: name, labels: filters.labels.map((l) => parseLabelFilter(l)!), sort: filters.sort },
      { page: filters.page, size: FLOWS_PAGE_SIZE },
    );
    body = (
      <Suspense>
        <FlowsBrowser
          tenant={ctx.tenantId}
          namespace={name}
          initial={{ filters, data: toFlowPage(page) }}
          namespaces={[]}
          newFlow={canCreateFlow ? <NewFlowLink tenant={ctx.tenantId} namespace={name} /> : undefined}
        />
      </Suspense>
    );
  } else if (tab === "access") {
    const { results } = await listBindings(ctx, { reaching: name });
    body = <NamespaceAccess namespace={name} bindings={results.map((b) => ({ ...b, createdAt: b.createdAt.toISOString() }))} />;
  } else {
    const { Tab } = SECTIONS[tab];
    body = await Tab({ ctx, namespace: name, explicit: namespace.explicit });
  }

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex flex-wrap items-center gap-1.5 text-sm text-slate-500">
        <Link href={`/ui/${ctx.tenantId}/namespaces`} className="hover:text-indigo-600">
          Namespaces
        </Link>
        {parts.slice(0, -1).map((_, i) => {
          const ancestor = parts.slice(0, i + 1).join(".");
          return (
            <span key={ancestor} className="flex items-center gap-1.5">
              <span aria-hidden>/</span>
              <Link href={`/ui/${ctx.tenantId}/namespaces/${encodeURIComponent(ancestor)}`} className="font-mono hover:text-indigo-600">
                {parts[i]}
              </Link>
            </span>
          );
        })}
      </nav>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="flex flex-wrap items-center gap-x-3 gap-y-1 font-mono text-xl font-semibold tracking-tight break-all text-slate-900">
            {name}
            {namespace.explicit ? (
              <span className="rounded-full bg-indigo-50 px-2 py-0.5 font-sans text-xs font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200">
                created
              </span>
            ) : (
              <span
                className="rounded-full border border-dashed border-slate-300 px-2 py-0.5 font-sans text-xs font-medium text-slate-500"
                title="implicit: used by flows, not created"
              >
                implicit
              </span>
            )}
          </h1>
          <p className="mt-1 text-sm text-slate-500">
            {namespace.flows} flow{namespace.flows === 1 ? "" : "s"} here and in its descendants
          </p>
        </div>
        {canCreateFlow && <NewFlowLink tenant={ctx.tenantId} namespace={name} />}
      </div>
      <section className="mb-6 rounded-lg border border-slate-200 bg-white px-4 py-3" aria-label="Description">
        <NamespaceDescription
          key={`${namespace.version}`}
          tenant={ctx.tenantId}
          namespace={{ name, explicit: namespace.explicit, description: namespace.description, version: namespace.version }}
          canUpdate={namespace.explicit && ctx.can("NAMESPACE", "UPDATE", name)}
          canCreate={ctx.can("NAMESPACE", "CREATE", name)}
          update={updateNamespaceAction}
          create={createNamespaceAction}
        />
      </section>
      {gitSyncs.length > 0 && (
        <GitSyncPanel
          tenant={ctx.tenantId}
          namespace={name}
          syncs={gitSyncs}
          runnable={gitSyncs.filter((s) => ctx.can("EXECUTION", "CREATE", s.flowNamespace)).map((s) => s.kind)}
          sync={syncNowAction}
        />
      )}
      <Tabs label="Namespace sections" active={tab} tabs={tabs} />
      {/* keyed by tab: the variables and plugin defaults tabs render the same editor component, which
          must start afresh from its own tab's saved text rather than keep the other tab's */}
      <div role="tabpanel" key={tab}>
        {body}
      </div>
    </>
  );
}
