import type { TenantContext } from "../../authz/context";
import type { TenantDb } from "../../db";
import type { InternalStorage } from "../internal-storage";
import type { Execution, LogLevel, TaskRun } from "../types";

/** One stored log line as log.Fetch reads it. */
export type LogLine = {
  date: string;
  level: LogLevel;
  message: string;
  executionId: string;
  namespace?: string;
  flowId?: string;
  taskId?: string | null;
  taskRunId?: string | null;
  attemptNumber?: number | null;
};

/**
 * Reads the logs of this tenant's executions (the log store answers it; bound to the tenant by
 * construction): those of `executionId` when it is an execution of `namespace`/`flowId`, nothing
 * otherwise. `minLevel` keeps that level and the more severe ones.
 */
export interface LogReader {
  read(query: { executionId: string; namespace: string; flowId: string; minLevel: LogLevel; taskIds?: string[] }): Promise<LogLine[]>;
}

/** What a runner gets: the task's rendered properties and the means to do its work in its tenant. */
export type RunnerContext = {
  tenantId: string;
  db: TenantDb;
  /** the engine's context in this tenant, for the domain functions (KV, files, ...) */
  ctx: TenantContext;
  flow: { id: string; namespace: string; revision: number };
  execution: Execution;
  taskRun: TaskRun;
  attempt: number;
  /** the task's definition with plugin defaults applied, unrendered */
  task: Record<string, unknown>;
  /** the task's own properties (not the shared ones such as retry or timeout), rendered (lazy ones left as written) */
  props: Record<string, unknown>;
  /** renders more (strings deeply, lists and maps recursively), with the same variables and hooks, plus `extra` ones */
  render: (value: unknown, extra?: Record<string, unknown>) => Promise<unknown>;
  /** renders a template that is a single `{{ expression }}` to the expression's typed value */
  renderTyped: (source: string) => Promise<unknown>;
  /** a log line of this attempt; secrets are masked on the way out */
  log: (level: LogLevel, message: string) => void;
  /** aborted on kill or timeout: a long runner stops and throws or returns */
  signal: AbortSignal;
  storage: InternalStorage;
  /** this task run's folder in the internal storage (a path, not a URI) */
  folder: string;
  logs?: LogReader;
  /** the working directory shared by the tasks of a WorkingDirectory, when there is one */
  workingDir?: string;
  /** the worker group of the worker running the attempt ("" or undefined: the default group) */
  workerGroup?: string;
};

export type RunnerResult = {
  state?: "SUCCESS" | "WARNING";
  outputs?: Record<string, unknown> | null;
};

/** A runnable task type's code: throwing fails the attempt with the error's message. */
export type TaskRunner = (ctx: RunnerContext) => Promise<RunnerResult>;

/** A runner's refusal whose message is meant for the user as it is. */
export class TaskFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TaskFailure";
  }
}
