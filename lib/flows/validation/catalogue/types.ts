import type { z } from "zod";
import type { Problems } from "../problems";
import type { Path, PlainObject } from "../types";

/** Where a flowable task keeps nested tasks: a list, a map of lists (Switch `cases`) or Dag entries. */
export type NestedTasks = {
  key: string;
  shape: "list" | "cases" | "dag";
  nonEmpty?: boolean;
  /** only runnable tasks, without a worker group of their own (WorkingDirectory) */
  runnableOnly?: boolean;
};

/** What a type-specific rule gets: the value, where it is, and the flow it belongs to. */
export type CheckContext = {
  path: Path;
  problems: Problems;
  flow: { id?: string; namespace?: string };
};

type Entry = {
  /** Canonical name, under io.kestra.plugin.core. */
  type: string;
  /** Older names Kestra still loads, e.g. io.kestra.core.tasks.log.Log. */
  aliases?: readonly string[];
  /** The type's own properties; the shared ones are added by the catalogue. */
  shape: z.ZodRawShape;
  check?: (value: PlainObject, ctx: CheckContext) => void;
};

/**
 * How the orchestrator runs a task: on a worker (runnable), by the executor creating other task
 * runs (flowable), as another execution (executable), or by changing the execution itself.
 */
export type TaskKind = "runnable" | "flowable" | "executable" | "execution-updating";

export type TaskEntry = Entry & {
  nested?: readonly NestedTasks[];
  /** when absent: flowable if the task nests tasks, runnable otherwise */
  kind?: TaskKind;
};
export type TriggerEntry = Entry;
/** MultipleCondition nests conditions under a map: `nestedConditions` names that key. */
export type ConditionEntry = Entry & { nestedConditions?: string };
