// Browser-side reads of the flows API, for TanStack Query. Every URL names the tenant.
import type { NamespaceDefault } from "@/lib/flows/validation";
import { type FlowListFilters, FLOWS_PAGE_SIZE, writeFlowFilters } from "@/lib/flows/filters";

export type FlowSummary = {
  id: string;
  namespace: string;
  revision: number;
  description: string | null;
  labels: Record<string, string>;
  updated: string;
};
export type FlowPage = { results: FlowSummary[]; total: number };
export type FlowDetailData = FlowSummary & { source: string };
export type RevisionData = { revision: number; created: string; author: string | null };
export type RevisionList = { results: RevisionData[]; total: number; page: number; size: number };
export type RevisionSource = RevisionData & { source: string };
export const REVISIONS_PAGE_SIZE = 25;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { cache: "no-store", headers: { accept: "application/json" }, signal });
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw new ApiError(res.status, body?.error?.message ?? `The server answered ${res.status}`);
  }
  return res.json();
}

const flowPath = (tenant: string, namespace: string, id: string) =>
  `/api/v1/${encodeURIComponent(tenant)}/flows/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}`;

export function fetchFlowPage(tenant: string, filters: FlowListFilters, signal?: AbortSignal) {
  const params = writeFlowFilters(filters);
  params.set("page", String(filters.page));
  params.set("size", String(FLOWS_PAGE_SIZE));
  if (filters.sort) params.set("sort", filters.sort);
  return getJson<FlowPage>(`/api/v1/${encodeURIComponent(tenant)}/flows/search?${params}`, signal);
}

export const fetchFlow = (tenant: string, namespace: string, id: string, signal?: AbortSignal) =>
  getJson<FlowDetailData>(flowPath(tenant, namespace, id), signal);

export const fetchRevisions = (tenant: string, namespace: string, id: string, page: number, signal?: AbortSignal) =>
  getJson<RevisionList>(`${flowPath(tenant, namespace, id)}/revisions?page=${page}&size=${REVISIONS_PAGE_SIZE}`, signal);

export const fetchRevision = (tenant: string, namespace: string, id: string, revision: number, signal?: AbortSignal) =>
  getJson<RevisionSource>(`${flowPath(tenant, namespace, id)}/revisions/${revision}`, signal);

/** The plugin defaults in force in a namespace (its chain's), which the editor validates with. */
export function fetchNamespaceDefaults(tenant: string, namespace: string, signal?: AbortSignal) {
  const url = `/api/v1/${encodeURIComponent(tenant)}/namespaces/${encodeURIComponent(namespace)}/inherited-plugindefaults`;
  return getJson<{ results: NamespaceDefault[] }>(url, signal).then((r) => r.results);
}
