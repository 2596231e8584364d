// The flows list's filters as they travel in a URL (?q=&namespace=&label=&sort=&page=): one parser
// for the page, the browser and the search API, so a shared link shows the same rows everywhere.
// Browser-safe: no server imports.

export const FLOW_SORTS = ["namespace", "-namespace", "id", "-id", "updated", "-updated"] as const;
export type FlowSort = (typeof FLOW_SORTS)[number];
export const DEFAULT_FLOW_SORT: FlowSort = "namespace";
export const FLOWS_PAGE_SIZE = 25;

export type LabelFilter = { key: string; value: string };

/** What the flows list is filtered by; `labels` are `key:value` strings, all of which must match. */
export type FlowListFilters = {
  q: string;
  namespace: string;
  labels: string[];
  sort: FlowSort;
  page: number;
};

export const emptyFlowFilters: FlowListFilters = { q: "", namespace: "", labels: [], sort: DEFAULT_FLOW_SORT, page: 1 };

/** `env:prod` -> {key: "env", value: "prod"}; the value may contain colons, the key may not be empty. */
export function parseLabelFilter(text: string): LabelFilter | null {
  const at = text.indexOf(":");
  if (at <= 0) return null;
  const key = text.slice(0, at).trim();
  const value = text.slice(at + 1).trim();
  if (!key) return null;
  return { key, value };
}

export const formatLabelFilter = (l: LabelFilter) => `${l.key}:${l.value}`;

export const isFlowSort = (s: string | null | undefined): s is FlowSort => FLOW_SORTS.includes(s as FlowSort);

type ParamsLike = { get(name: string): string | null; getAll(name: string): string[] };

/** Reads filters from URL parameters leniently: what cannot be understood is left at its default. */
export function readFlowFilters(params: ParamsLike): FlowListFilters {
  const page = Number(params.get("page"));
  const labels = params
    .getAll("label")
    .map(parseLabelFilter)
    .filter((l): l is LabelFilter => l !== null)
    .map(formatLabelFilter);
  const sort = params.get("sort");
  return {
    q: (params.get("q") ?? "").trim(),
    namespace: (params.get("namespace") ?? "").trim(),
    labels: [...new Set(labels)],
    sort: isFlowSort(sort) ? sort : DEFAULT_FLOW_SORT,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** A page's `searchParams` object (values may repeat) as something readFlowFilters understands. */
export function paramsFromRecord(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(record)) {
    for (const item of Array.isArray(v) ? v : v === undefined ? [] : [v]) params.append(k, item);
  }
  return params;
}

/**
 * Writes filters into URL parameters, leaving defaults out so URLs stay short; parameters that are
 * not filters (a page's `tab`, say) are kept.
 */
export function writeFlowFilters(filters: FlowListFilters, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const params = new URLSearchParams(base);
  for (const k of ["q", "namespace", "label", "sort", "page"]) params.delete(k);
  if (filters.q) params.set("q", filters.q);
  if (filters.namespace) params.set("namespace", filters.namespace);
  for (const l of filters.labels) params.append("label", l);
  if (filters.sort !== DEFAULT_FLOW_SORT) params.set("sort", filters.sort);
  if (filters.page > 1) params.set("page", String(filters.page));
  return params;
}

/** Whether anything narrows the list (the page number and sort order do not). */
export const hasActiveFilters = (f: FlowListFilters) => !!(f.q || f.namespace || f.labels.length);

/** Clicking a column: the first click sorts by it (newest first for dates), the next one reverses. */
export function nextSort(current: FlowSort, column: "namespace" | "id" | "updated"): FlowSort {
  if (current === column) return `-${column}` as FlowSort;
  if (current === `-${column}`) return column;
  return column === "updated" ? "-updated" : column;
}
