// Identifier rules of SPEC §2 and §3 (they follow Kestra's own patterns).

export const FLOW_ID = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;
export const TASK_ID = /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/;
export const INPUT_ID = /^[a-zA-Z0-9][.a-zA-Z0-9_-]*$/;
export const NAMESPACE = /^[a-z0-9][a-z0-9._-]*$/;

/** No flow id is reserved: every route that follows a flow id is itself under the flow's own path. */
export function flowIdProblem(id: string): string | undefined {
  if (id.length < 1 || id.length > 100) return `flow id must be 1 to 100 characters (it has ${id.length})`;
  if (!FLOW_ID.test(id)) return `flow id "${id}" must match ${FLOW_ID.source}`;
  return undefined;
}

export function namespaceProblem(namespace: string): string | undefined {
  if (namespace.length < 1 || namespace.length > 150) return `namespace must be 1 to 150 characters (it has ${namespace.length})`;
  if (!NAMESPACE.test(namespace)) return `namespace "${namespace}" must match ${NAMESPACE.source}`;
  if (namespace.split(".").some((segment) => segment === "")) {
    return `namespace "${namespace}" has an empty segment (no "..", and no leading or trailing dot)`;
  }
  // it would collide with the /flows/search route
  if (namespace === "search") return 'namespace "search" is reserved';
  return undefined;
}

/** Task and trigger ids: Kestra also caps them at 256 characters. */
export function taskIdProblem(id: string, what: "task" | "trigger"): string | undefined {
  if (!TASK_ID.test(id)) return `${what} id "${id}" must match ${TASK_ID.source}`;
  if (id.length > 256) return `${what} id must be at most 256 characters`;
  return undefined;
}
