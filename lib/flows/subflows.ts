import type { ErrorDetail } from "../errors";
import { asName, isPlainObject } from "./validation/types";

// The task types that run another flow (current names and the legacy ones Kestra still loads).
const CHILD_FLOW_TYPES = new Set([
  "io.kestra.plugin.core.flow.Subflow",
  "io.kestra.core.tasks.flows.Subflow",
  "io.kestra.core.tasks.flows.Flow",
  "io.kestra.plugin.core.flow.ForEachItem",
  "io.kestra.core.tasks.flows.ForEachItem",
]);

export type ChildFlowCall = { namespace: string; flowId: string; path: string };

/**
 * Every call to another flow in a parsed flow, wherever the task is nested. Namespaces written as
 * expressions (`{{ ... }}`) are only known when the flow runs, so they are not listed here.
 */
export function childFlowCalls(flow: unknown): ChildFlowCall[] {
  const calls: ChildFlowCall[] = [];
  const stack: { value: unknown; path: string }[] = [{ value: flow, path: "" }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: `${path}[${i}]` }));
    } else if (isPlainObject(value)) {
      const ns = asName(value.namespace);
      if (typeof value.type === "string" && CHILD_FLOW_TYPES.has(value.type) && ns && !ns.includes("{{")) {
        calls.push({ namespace: ns, flowId: asName(value.flowId) ?? "", path: `${path}.namespace`.replace(/^\./, "") });
      }
      for (const [k, v] of Object.entries(value)) if (v && typeof v === "object") stack.push({ value: v, path: path ? `${path}.${k}` : k });
    }
  }
  return calls.sort((a, b) => a.path.localeCompare(b.path));
}

/** One detail per call into a namespace that does not allow `from` to use its flows. */
export function refusedCalls(calls: ChildFlowCall[], from: string, allows: (owner: string) => boolean): ErrorDetail[] {
  return calls
    .filter((c) => c.namespace !== from && !allows(c.namespace))
    .map((c) => ({ path: c.path, message: `namespace ${c.namespace} does not allow ${from} to use its flows as subflows` }));
}
