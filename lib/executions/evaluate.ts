import "server-only";
import type { TenantContext } from "../authz/context";
import { invalid, notFound } from "../errors";
import { ExpressionError, render } from "../expressions";
import { loadExecution } from "./access";
import { flowOf } from "./processes/flows";
import { toTaskRun } from "./store";
import { variablesFor } from "./variables";

// "Evaluate an expression against this execution": the expression rendered with the variables the
// engine gives a task run (or the execution's, without one), for whoever may read the execution.
//
// Secrets: this is a read, so it reveals nothing a reader could not already see. `secret()` has no
// lookup here and fails ("secrets are not available here"), as do `kv()` and `read()`; SECRET
// inputs stay sealed (the stored `{type, value}` with its ciphertext), as the API shows them; task
// outputs and logs were masked by the engine when they were written.

/** The longest expression evaluated, and the budgets of one evaluation (smaller than a task's). */
export const MAX_EXPRESSION = 10_000;
const BUDGETS = { steps: 100_000, outputSize: 200_000, depth: 5 };

/**
 * Renders `expression` against the execution's variables (EXECUTION:READ in its namespace), as the
 * engine builds them for `taskRunId` (its `taskrun`, `parents`, ...) or for the execution when it
 * is null. Answers `{result}`; a bad expression is 422 with the expression's error (line, column).
 */
export async function evaluateExpression(ctx: TenantContext, executionId: string, taskRunId: string | null, expression: string): Promise<{ result: string }> {
  const execution = await loadExecution(ctx, executionId);
  if (expression.length > MAX_EXPRESSION) {
    throw invalid("Invalid expression", [{ path: "expression", message: `the expression is longer than ${MAX_EXPRESSION} characters` }]);
  }
  const rows = await ctx.db.taskRun.findMany({ where: { executionId }, orderBy: { seq: "asc" } });
  const state = { execution, taskRuns: rows.map(toTaskRun) };
  const taskRun = taskRunId === null ? null : (state.taskRuns.find((t) => t.id === taskRunId) ?? null);
  if (taskRunId !== null && !taskRun) throw notFound("Task run not found");
  const flow = await flowOf(ctx.db, execution);
  try {
    const { output } = await render(expression, variablesFor(flow, state, taskRun), { budgets: BUDGETS });
    return { result: output };
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
    throw invalid("Invalid expression", [{ path: "expression", line: e.line, column: e.column, message: e.message }]);
  }
}
