"use server";
import { z } from "zod";
import { tenantAction } from "../actions/safe-action";
import { type AppError, invalid, isAppError } from "../errors";
import { parseLabelFilter } from "../flows/filters";
import { previewConditionalInputs, startExecution } from "./executions";
import { deleteExecution, killExecution, restartExecution } from "./operations";

// The executions' server actions: run a flow from its form, and the list's bulk kill, restart and
// delete. They call the same domain functions as the API, which check each execution's namespace.

/** The run form as FormData (files travel): `inputs.<id>` fields, `labels` as key:value, `scheduleDate`. */
function fromFormData(form: FormData) {
  const inputs: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    if (!name.startsWith("inputs.")) continue;
    // an empty file field is no file
    if (typeof value !== "string" && value.size === 0 && value.name === "") continue;
    inputs[name.slice("inputs.".length)] = value;
  }
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  return {
    tenant: text("tenant"),
    namespace: text("namespace"),
    flowId: text("flowId"),
    inputs,
    labels: form.getAll("labels").filter((l): l is string => typeof l === "string" && l.trim() !== ""),
    scheduleDate: text("scheduleDate"),
  };
}

const startInput = z.preprocess(
  (v) => (v instanceof FormData ? fromFormData(v) : v),
  z.object({
    tenant: z.string().min(1),
    namespace: z.string().min(1),
    flowId: z.string().min(1),
    inputs: z.record(z.string(), z.unknown()).default({}),
    labels: z.array(z.string().max(1200)).max(100).default([]),
    scheduleDate: z.string().optional(),
  }),
);

export const startExecutionAction = tenantAction("startExecutionAction", startInput, async (input, ctx) => {
  const labels = input.labels.map((text, i) => {
    const label = parseLabelFilter(text);
    if (!label) throw invalid("Invalid labels", [{ path: `labels[${i}]`, message: `label "${text.slice(0, 100)}" must be written key:value` }]);
    return label;
  });
  const execution = await startExecution(ctx, {
    namespace: input.namespace,
    flowId: input.flowId,
    inputs: input.inputs,
    labels,
    scheduleDate: input.scheduleDate,
    trigger: { kind: "manual" },
  });
  return { id: execution.id, namespace: execution.namespace, flowId: execution.flowId, state: execution.state.current };
});

/** The run form's values so far (as it would send them), for its conditional inputs. */
export const inputConditionsAction = tenantAction(
  "inputConditionsAction",
  z.object({
    tenant: z.string().min(1),
    namespace: z.string().min(1),
    flowId: z.string().min(1),
    inputs: z.record(z.string().max(200), z.string().max(100_000)).default({}),
  }),
  async (input, ctx) => previewConditionalInputs(ctx, input.namespace, input.flowId, input.inputs),
);

const selection = z.object({ tenant: z.string().min(1), ids: z.array(z.string().min(1).max(64)).min(1).max(100) });

export type BulkResult = { done: string[]; refused: { id: string; status: number; message: string }[] };

/**
 * Runs one operation per execution and reports each: done, or refused with the reason (a 403, a
 * 409 for one that already ended, a 404 for one the caller cannot see). When none went through
 * and all were refused alike, the action fails with that refusal, as a single call would.
 */
async function eachOf(ids: string[], op: (id: string) => Promise<unknown>): Promise<BulkResult> {
  const result: BulkResult = { done: [], refused: [] };
  const errors: AppError[] = [];
  for (const id of [...new Set(ids)]) {
    try {
      await op(id);
      result.done.push(id);
    } catch (e) {
      if (!isAppError(e)) throw e;
      errors.push(e);
      result.refused.push({ id, status: e.status, message: e.message });
    }
  }
  if (result.done.length === 0 && new Set(errors.map((e) => e.status)).size === 1) throw errors[0];
  return result;
}

export const killExecutionsAction = tenantAction("killExecutionsAction", selection, (input, ctx) => eachOf(input.ids, (id) => killExecution(ctx, id)));

export const restartExecutionsAction = tenantAction("restartExecutionsAction", selection, (input, ctx) =>
  eachOf(input.ids, (id) => restartExecution(ctx, id)),
);

export const deleteExecutionsAction = tenantAction("deleteExecutionsAction", selection, (input, ctx) =>
  eachOf(input.ids, (id) => deleteExecution(ctx, id)),
);
