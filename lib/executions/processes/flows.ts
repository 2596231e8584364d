import { parse as parseYaml } from "yaml";
import type { Tx } from "@/lib/db";
import type { Execution } from "../types";
import type { FlowDefinition } from "./engine";

// The flow revision an execution runs, read through the tenant's client: the current revision's
// parsed form, or an older revision's source parsed again. Revisions never change once saved, so
// they are kept in a small cache.

const CACHE_SIZE = 200;
const cache = new Map<string, FlowDefinition>();

type Reader = Pick<Tx, "flow" | "flowRevision">;

const keyOf = (execution: Pick<Execution, "tenantId" | "namespace" | "flowId" | "flowRevision">) =>
  JSON.stringify([execution.tenantId, execution.namespace, execution.flowId, execution.flowRevision]);

/** The revision when the cache has it (no read). */
export const cachedFlowOf = (execution: Pick<Execution, "tenantId" | "namespace" | "flowId" | "flowRevision">) => cache.get(keyOf(execution));

export async function flowOf(client: Reader, execution: Pick<Execution, "tenantId" | "namespace" | "flowId" | "flowRevision">): Promise<FlowDefinition> {
  const key = keyOf(execution);
  const hit = cache.get(key);
  if (hit) return hit;
  const where = { tenantId: execution.tenantId, namespace: execution.namespace, flowId: execution.flowId };
  const flow = await client.flow.findFirst({ where, select: { revision: true, parsed: true } });
  let parsed: FlowDefinition;
  if (flow && flow.revision === execution.flowRevision) {
    parsed = JSON.parse(flow.parsed) as FlowDefinition;
  } else {
    const revision = await client.flowRevision.findFirst({ where: { ...where, revision: execution.flowRevision }, select: { source: true } });
    if (!revision) throw new Error(`Flow ${execution.namespace}.${execution.flowId} has no revision ${execution.flowRevision}`);
    parsed = parseYaml(revision.source) as FlowDefinition;
  }
  cache.set(key, parsed);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return parsed;
}

/** The task with this id anywhere in the flow (nested lists, errors, finally, afterExecution). */
export function findTask(flow: FlowDefinition, taskId: string): Record<string, unknown> | null {
  const seen = new Set<unknown>();
  const walk = (value: unknown): Record<string, unknown> | null => {
    if (!value || typeof value !== "object" || seen.has(value)) return null;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const v of value) {
        const found = walk(v);
        if (found) return found;
      }
      return null;
    }
    const obj = value as Record<string, unknown>;
    if (obj.id === taskId && typeof obj.type === "string") return obj;
    for (const [k, v] of Object.entries(obj)) {
      if (k === "triggers") continue;
      const found = walk(v);
      if (found) return found;
    }
    return null;
  };
  for (const block of ["tasks", "errors", "finally", "afterExecution"]) {
    const found = walk(flow[block]);
    if (found) return found;
  }
  return null;
}
