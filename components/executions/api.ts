// Browser-side reads of the executions API, for TanStack Query. Every URL names the tenant.
import { ApiError } from "@/components/flows/api";
import { type ExecutionListFilters, searchParamsOf } from "@/lib/executions/filters";
import type { State } from "@/lib/executions/types";

export type ExecutionSummary = {
  id: string;
  namespace: string;
  flowId: string;
  flowRevision: number;
  labels: { key: string; value: string }[];
  state: { current: State; startDate: string; endDate: string | null; duration: string | null };
  trigger: { kind: string; id?: string | null } | null;
  scheduleDate: string | null;
};
export type ExecutionPage = { results: ExecutionSummary[]; total: number };

export async function fetchExecutionPage(tenant: string, filters: ExecutionListFilters, signal?: AbortSignal): Promise<ExecutionPage> {
  const res = await fetch(`/api/v1/${encodeURIComponent(tenant)}/executions/search?${searchParamsOf(filters)}`, {
    cache: "no-store",
    headers: { accept: "application/json" },
    signal,
  });
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw new ApiError(res.status, body?.error?.message ?? `The server answered ${res.status}`);
  }
  const page = (await res.json()) as ExecutionPage;
  return { results: page.results.map(toSummary), total: page.total };
}

/** Only what the list shows (the API answers inputs and outputs too). */
export function toSummary(e: ExecutionSummary): ExecutionSummary {
  return {
    id: e.id,
    namespace: e.namespace,
    flowId: e.flowId,
    flowRevision: e.flowRevision,
    labels: e.labels,
    state: { current: e.state.current, startDate: e.state.startDate, endDate: e.state.endDate, duration: e.state.duration },
    trigger: e.trigger ? { kind: e.trigger.kind, ...(e.trigger.id ? { id: e.trigger.id } : {}) } : null,
    scheduleDate: e.scheduleDate,
  };
}

export const executionHref = (tenant: string, e: { namespace: string; flowId: string; id: string }) =>
  `/ui/${tenant}/executions/${encodeURIComponent(e.namespace)}/${encodeURIComponent(e.flowId)}/${encodeURIComponent(e.id)}`;
export const flowHref = (tenant: string, namespace: string, flowId: string) => `/ui/${tenant}/flows/${encodeURIComponent(namespace)}/${encodeURIComponent(flowId)}`;
