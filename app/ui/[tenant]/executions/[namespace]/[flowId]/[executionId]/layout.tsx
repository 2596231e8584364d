import { notFound } from "next/navigation";
import { orNotFound, pageTenant } from "@/lib/auth/page";
import { getExecution } from "@/lib/executions/executions";

type Params = { tenant: string; namespace: string; flowId: string; executionId: string };

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/**
 * Whether the execution is there for the caller, decided before the page's loading skeleton
 * streams (a layout renders outside its segment's loading boundary): so a missing, unreadable or
 * mismatched execution answers 404, not a 200 skeleton followed by "not found".
 */
export default async function ExecutionLayout({ params, children }: { params: Promise<Params>; children: React.ReactNode }) {
  const p = await params;
  const namespace = decode(p.namespace);
  const ctx = await pageTenant(p.tenant, { permission: "EXECUTION", namespace });
  const execution = await orNotFound(() => getExecution(ctx, decode(p.executionId), { page: 1, size: 1 }));
  if (execution.namespace !== namespace || execution.flowId !== decode(p.flowId)) notFound();
  return children;
}
