// The executions list's filters as they travel in a URL (?namespace=&flowId=&state=&label=&range=
// &from=&to=&q=&sort=&page=): one reader for the page, the browser and the query sent to the
// search API, so a shared link shows the same rows everywhere. Browser-safe: no server imports.
import { covers } from "../authz/namespaces";
import { type LabelFilter, formatLabelFilter, parseLabelFilter } from "../flows/filters";
import { STATES, type State } from "./types";

export const EXECUTIONS_PAGE_SIZE = 25;
export const EXECUTION_SORT_FIELDS = ["startDate", "endDate", "namespace", "flowId", "state"] as const;
export type ExecutionSortField = (typeof EXECUTION_SORT_FIELDS)[number];
/** `field` ascending or `-field` descending */
export type ExecutionListSort = ExecutionSortField | `-${ExecutionSortField}`;
export const DEFAULT_EXECUTION_SORT: ExecutionListSort = "-startDate";

/** The time ranges offered, as ISO-8601 durations the search API takes; `custom` uses from/to. */
export const TIME_RANGES = { hour: { label: "Last hour", duration: "PT1H" }, day: { label: "Last 24 hours", duration: "PT24H" }, week: { label: "Last 7 days", duration: "P7D" } } as const;
export type TimeRange = keyof typeof TIME_RANGES | "custom" | "";

export type ExecutionListFilters = {
  q: string;
  namespace: string;
  flowId: string;
  states: State[];
  labels: string[];
  range: TimeRange;
  /** custom range bounds, as the date-time inputs give them (UTC, YYYY-MM-DDTHH:mm) */
  from: string;
  to: string;
  sort: ExecutionListSort;
  page: number;
};

type ParamsLike = { get(name: string): string | null; getAll(name: string): string[] };

const isSort = (s: string | null): s is ExecutionListSort => !!s && EXECUTION_SORT_FIELDS.includes(s.replace(/^-/, "") as ExecutionSortField);
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** Reads filters from URL parameters leniently: what cannot be understood is left at its default. */
export function readExecutionFilters(params: ParamsLike): ExecutionListFilters {
  const page = Number(params.get("page"));
  const labels = params.getAll("label").map(parseLabelFilter).filter((l): l is LabelFilter => l !== null).map(formatLabelFilter);
  const states = params.getAll("state").flatMap((s) => s.split(",")).filter((s): s is State => STATES.includes(s as State));
  const range = params.get("range") ?? "";
  const sort = params.get("sort");
  const at = (name: string) => {
    const v = params.get(name) ?? "";
    return LOCAL_DATE_TIME.test(v) ? v : "";
  };
  return {
    q: (params.get("q") ?? "").trim(),
    namespace: (params.get("namespace") ?? "").trim(),
    flowId: (params.get("flowId") ?? "").trim(),
    states: [...new Set(states)],
    labels: [...new Set(labels)],
    range: range in TIME_RANGES || range === "custom" ? (range as TimeRange) : "",
    from: at("from"),
    to: at("to"),
    sort: isSort(sort) ? sort : DEFAULT_EXECUTION_SORT,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** Writes filters into URL parameters, defaults left out; parameters that are not filters (`tab`) are kept. */
export function writeExecutionFilters(f: ExecutionListFilters, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const params = new URLSearchParams(base);
  for (const k of ["q", "namespace", "flowId", "state", "label", "range", "from", "to", "sort", "page"]) params.delete(k);
  if (f.q) params.set("q", f.q);
  if (f.namespace) params.set("namespace", f.namespace);
  if (f.flowId) params.set("flowId", f.flowId);
  for (const s of f.states) params.append("state", s);
  for (const l of f.labels) params.append("label", l);
  if (f.range) params.set("range", f.range);
  if (f.range === "custom" && f.from) params.set("from", f.from);
  if (f.range === "custom" && f.to) params.set("to", f.to);
  if (f.sort !== DEFAULT_EXECUTION_SORT) params.set("sort", f.sort);
  if (f.page > 1) params.set("page", String(f.page));
  return params;
}

/** The search API's parameters for these filters (the page's server render uses the same). */
export function searchParamsOf(f: ExecutionListFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set("q", f.q);
  if (f.namespace) p.set("namespace", f.namespace);
  if (f.flowId) p.set("flowId", f.flowId);
  for (const s of f.states) p.append("state", s);
  for (const l of f.labels) p.append("labels", l);
  if (f.range && f.range !== "custom") p.set("timeRange", TIME_RANGES[f.range].duration);
  if (f.range === "custom" && f.from) p.set("startDate", `${f.from}:00Z`);
  if (f.range === "custom" && f.to) p.set("endDate", `${f.to}:00Z`);
  p.set("sort", f.sort);
  p.set("page", String(f.page));
  p.set("size", String(EXECUTIONS_PAGE_SIZE));
  return p;
}

export const hasActiveFilters = (f: ExecutionListFilters) => !!(f.q || f.namespace || f.flowId || f.states.length || f.labels.length || f.range);

/** The next sort when a column header is clicked: that column descending first, then ascending. */
export function nextExecutionSort(current: ExecutionListSort, field: ExecutionSortField): ExecutionListSort {
  return current === `-${field}` ? field : `-${field}`;
}

/** A namespace scope (where the caller may do something) as the browser checks it. */
export type ScopeData = { all: true } | { all: false; prefixes: string[] };
export const inScopeOf = (scope: ScopeData, namespace: string) => scope.all || scope.prefixes.some((p) => covers(p, namespace));
