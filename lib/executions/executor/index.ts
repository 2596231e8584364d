import type { EngineEvent, EngineState, StepResult } from "../types";
import type { FlowDefinition } from "../variables";
import { Step, type StepDeps } from "./engine";

export type { StepDeps } from "./engine";
export { isTruthy } from "./flow";
export { retryDelay } from "./retry";

/**
 * The executor: applies one event to an execution and decides what happens next. Pure: time,
 * ids and rendering come from `deps`; the caller persists the new state and the work in one
 * transaction. A stale event (a result for an attempt that is not current, anything on an ended
 * execution but its afterExecution tasks' reports) changes nothing and creates no work.
 */
export async function step(flow: FlowDefinition, state: EngineState, event: EngineEvent, deps: StepDeps): Promise<StepResult> {
  const run = new Step(flow, state, deps);
  const applied = await run.apply(event);
  if (!applied) {
    run.release();
    return { state, executionChanged: false, changedTaskRuns: [], work: [] };
  }
  return run.result();
}
