import { z } from "zod";
import { bool, dynBool, dynInteger, integerAtLeast, labels, map, oneOf, opt, RESTART_BEHAVIORS, text } from "./props";
import { errorsAndFinally } from "./common";
import type { CheckContext, TaskEntry } from "./types";
import { checkLabelKeys } from "../labels";
import { asName, type PlainObject } from "../types";

// io.kestra.plugin.core.flow: calling other flows

// `revision` is a plain Integer and `inputs` a plain map in the orchestrator (only their values are
// rendered), and `labels` a map or a list: an expression in their place does not load.
const childFlowShape = {
  namespace: text,
  flowId: text,
  revision: opt(integerAtLeast(1)),
  inputs: opt(map),
  labels: opt(labels),
  wait: opt(bool),
  transmitFailed: opt(bool),
  inheritLabels: opt(dynBool),
  scheduleDate: opt(text),
  restartBehavior: opt(oneOf(RESTART_BEHAVIORS)),
};

/** Kestra refuses a flow that calls itself, and system labels on the child execution. */
function checkChildFlow(task: PlainObject, ctx: CheckContext): void {
  const { id, namespace } = ctx.flow;
  if (id !== undefined && asName(task.namespace) === namespace && asName(task.flowId) === id) {
    ctx.problems.add(
      [...ctx.path, "flowId"],
      `recursive call to flow ${namespace}.${id}: a flow cannot run itself as a subflow`,
    );
  }
  checkLabelKeys(task.labels, [...ctx.path, "labels"], ctx.problems);
}

export const subflow: TaskEntry = {
  type: "io.kestra.plugin.core.flow.Subflow",
  aliases: ["io.kestra.core.tasks.flows.Subflow", "io.kestra.core.tasks.flows.Flow"],
  // `outputs` is deprecated in Kestra (outputs now live on the called flow) but still loaded
  shape: { ...childFlowShape, outputs: opt(map) },
  kind: "executable",
  check: checkChildFlow,
};

export const forEachItem: TaskEntry = {
  type: "io.kestra.plugin.core.flow.ForEachItem",
  aliases: ["io.kestra.core.tasks.flows.ForEachItem"],
  shape: {
    ...childFlowShape,
    items: text,
    batch: opt(
      z.strictObject({ rows: opt(dynInteger), bytes: opt(text), partitions: opt(dynInteger), separator: opt(text) }),
    ),
    ...errorsAndFinally,
  },
  nested: [{ key: "errors", shape: "list" }, { key: "finally", shape: "list" }],
  check: checkChildFlow,
};
