import type { Execution, State } from "../types";

// What the executor needs from outside to start child executions (Subflow, ForEachItem): the
// checks and preparation that read the tenant's flows, namespaces and files. The executor stays a
// function of its inputs; the real port (lib/executions/subflows.ts) is given in its deps, tests
// give a fake one.

/** A subflow chain deeper than this stops: a cycle of flows (A -> B -> A) cannot run forever. */
export const MAX_SUBFLOW_DEPTH = 10;

/** Child executions a ForEachItem starts in one step: each step (one transaction) stays short however many batches. */
export const BATCHES_PER_STEP = 100;

export type SubflowRequest = {
  parent: Execution;
  /** the parent's task run that starts (and, with `wait`, waits for) the child */
  taskRunId: string;
  taskId: string;
  /** the new execution's id */
  childId: string;
  namespace: string;
  flowId: string;
  revision?: number;
  /** rendered */
  inputs: Record<string, unknown>;
  labels: { key: string; value: string }[];
  scheduleDate: string | null;
  depth: number;
  /** a ForEachItem batch (1-based) */
  iteration?: number;
};

export type Prepared = { ok: true; execution: Execution } | { ok: false; error: string };

export type BatchOptions = { rows?: number; bytes?: string; partitions?: number; separator: string };

export type SubflowPort = {
  /**
   * The child execution as an API start would make it (inputs validated and converted, labels
   * checked), once the target flow exists in the parent's tenant, is enabled and its namespace
   * allows the parent's; or why not.
   */
  prepare(request: SubflowRequest): Promise<Prepared>;
  /** ForEachItem: splits the items file into batch files (at most `max`); the URI of the list of their URIs, and how many. */
  split(request: { parent: Execution; taskId: string; taskRunId: string; items: string; batch: BatchOptions; max: number }): Promise<{ splits: string; count: number }>;
  /** The batch URIs a split listed. */
  batches(parent: Execution, splits: string): Promise<string[]>;
  /** ForEachItem: the outputs of the children `itemsTaskRunId` started, one JSON line each in batch order; the file's URI. */
  merge(request: { parent: Execution; taskId: string; taskRunId: string; itemsTaskRunId: string }): Promise<string>;
};

/**
 * The state a Subflow's task run ends in once its child ended, as the orchestrator guesses it:
 * with `transmitFailed`, a failed, killed or warning child gives its state (FAILED as WARNING with
 * allowFailure, WARNING as SUCCESS with allowWarning); otherwise SUCCESS.
 */
export function subflowState(child: State, transmitFailed: boolean, allowFailure: boolean, allowWarning: boolean): State {
  if (transmitFailed && (child === "FAILED" || child === "KILLED" || child === "WARNING" || child === "CANCELLED")) {
    const state: State = allowFailure && child === "FAILED" ? "WARNING" : child;
    return allowWarning && state === "WARNING" ? "SUCCESS" : state;
  }
  return "SUCCESS";
}

/** ForEachItem's synthetic children, as the orchestrator names them. */
export const FOR_EACH_ITEM_PARTS = {
  split: { suffix: "_split", type: "io.kestra.plugin.core.flow.ForEachItem$ForEachItemSplit" },
  items: { suffix: "_items", type: "io.kestra.plugin.core.flow.ForEachItem$ForEachItemExecutable" },
  merge: { suffix: "_merge", type: "io.kestra.plugin.core.flow.ForEachItem$ForEachItemMergeOutputs" },
} as const;
