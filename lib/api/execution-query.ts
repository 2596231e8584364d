import "server-only";
import { invalid } from "../errors";
import { type LabelFilter, parseLabelFilter } from "../flows/filters";
import { type ExecutionFilters, type LogFilters, parseExecutionSort } from "../executions/executions";

// The query parameters of the executions and logs routes, as the orchestrator's API names them.

/** `labels=key:value` (or `label=`), repeatable. */
export function labelsOf(params: URLSearchParams): LabelFilter[] {
  return [...params.getAll("labels"), ...params.getAll("label")].map((text) => {
    const label = parseLabelFilter(text);
    if (!label) throw invalid("Invalid label", [{ path: "labels", message: `label "${text.slice(0, 100)}" must be written key:value` }]);
    return label;
  });
}

const wholeNumber = (value: string | null, path: string, max = 2_147_483_647): number | undefined => {
  if (value === null || value === "") return undefined;
  if (!/^[0-9]{1,10}$/.test(value) || Number(value) > max) throw invalid(`Invalid ${path}`, [{ path, message: `${path} must be a whole number` }]);
  return Number(value);
};

const flag = (value: string | null, path: string): boolean => {
  if (value === null || value === "" || value === "false") return false;
  if (value === "true") return true;
  throw invalid(`Invalid ${path}`, [{ path, message: `${path} must be true or false` }]);
};

export function startQuery(params: URLSearchParams) {
  const revision = wholeNumber(params.get("revision"), "revision");
  if (revision === 0) throw invalid("Invalid revision", [{ path: "revision", message: "revision must be a whole number from 1" }]);
  return {
    labels: labelsOf(params),
    revision,
    scheduleDate: params.get("scheduleDate") ?? undefined,
    wait: flag(params.get("wait"), "wait"),
  };
}

export function searchQuery(params: URLSearchParams): ExecutionFilters {
  const text = (name: string) => {
    const v = params.get(name);
    if (v !== null && v.length > 300) throw invalid(`Invalid ${name}`, [{ path: name, message: `${name} is at most 300 characters` }]);
    return v || undefined;
  };
  return {
    namespace: text("namespace"),
    flowId: text("flowId"),
    states: params.getAll("state").flatMap((s) => s.split(",")).filter(Boolean),
    labels: labelsOf(params),
    startDate: text("startDate"),
    endDate: text("endDate"),
    timeRange: text("timeRange"),
    q: text("q"),
    // the executions one started (its subflows), under the orchestrator's name or ours
    parentId: text("triggerExecutionId") ?? text("parentId"),
    sort: parseExecutionSort(params.get("sort")),
  };
}

export function logQuery(params: URLSearchParams): LogFilters {
  const id = (name: string) => {
    const v = params.get(name);
    if (v !== null && !/^[A-Za-z0-9._-]{1,100}$/.test(v)) throw invalid(`Invalid ${name}`, [{ path: name, message: `${name} is not a valid id` }]);
    return v ?? undefined;
  };
  const size = wholeNumber(params.get("size"), "size", 1000);
  if (size === 0) throw invalid("Invalid size", [{ path: "size", message: "size must be from 1 to 1000" }]);
  return { minLevel: params.get("minLevel") ?? undefined, taskRunId: id("taskRunId"), taskId: id("taskId"), after: wholeNumber(params.get("after"), "after"), size };
}

/** Task-run paging of one execution: ?taskRunPage= and ?taskRunSize= (≤ 1000). */
export function taskRunQuery(params: URLSearchParams) {
  const page = wholeNumber(params.get("taskRunPage"), "taskRunPage");
  const size = wholeNumber(params.get("taskRunSize"), "taskRunSize", 1000);
  if (page === 0 || size === 0) throw invalid("Invalid task-run paging", [{ path: page === 0 ? "taskRunPage" : "taskRunSize", message: "pages and sizes start at 1" }]);
  return { page, size };
}

/** How long `wait=true` waits for the end before answering the execution as it is (ms). */
export const WAIT_LIMIT_MS = 5 * 60_000;
