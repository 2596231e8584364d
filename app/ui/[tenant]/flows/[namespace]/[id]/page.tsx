import type { Metadata } from "next";
import { Suspense } from "react";
import { FlowDetail } from "@/components/flows/flow-detail";
import { orNotFound, pageTenant } from "@/lib/auth/page";
import { getFlow, listRevisions } from "@/lib/flows/flows";
import { toFlowSummary, toRevisionList } from "@/lib/flows/serialize";
import { deleteFlowAction, restoreRevisionAction, saveFlowAction } from "@/lib/flows/actions";

type Params = { tenant: string; namespace: string; id: string };

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { namespace, id } = await params;
  return { title: `${decode(id)} · ${decode(namespace)}` };
}

export default async function FlowPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<{ created?: string }> }) {
  const p = await params;
  const namespace = decode(p.namespace);
  const id = decode(p.id);
  // not found and not readable look the same: the 404 page
  const ctx = await pageTenant(p.tenant, { permission: "FLOW", namespace });
  const flow = await orNotFound(() => getFlow(ctx, namespace, id));
  const revisions = await listRevisions(ctx, namespace, id);
  const { created } = await searchParams;
  const { disabled: _disabled, ...view } = toFlowSummary(flow);
  return (
    <Suspense>
      <FlowDetail
        key={`${namespace}/${id}`}
        tenant={ctx.tenantId}
        initialFlow={view}
        initialRevisions={toRevisionList(revisions)}
        can={{ update: ctx.can("FLOW", "UPDATE", namespace), delete: ctx.can("FLOW", "DELETE", namespace) }}
        actions={{ save: saveFlowAction, restore: restoreRevisionAction, remove: deleteFlowAction }}
        readOnlyReason={`You can read this flow but not change it: saving needs FLOW:UPDATE in namespace ${namespace}.`}
        created={created === "1"}
      />
    </Suspense>
  );
}
