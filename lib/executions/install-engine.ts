import { onExecutionEnded } from "./store";
import { resetEngine } from "./processes/engine";
import { startTriggeredFlows } from "@/lib/triggers/flow-triggers";

let flowTriggersHooked = false;

/** Has every ended execution start the flows whose Flow triggers it satisfies (once per process). */
export function installFlowTriggers() {
  if (flowTriggersHooked) return;
  flowTriggersHooked = true;
  onExecutionEnded(async (tx, execution) => {
    await startTriggeredFlows(tx, execution);
  });
}

/**
 * Puts the real executor, task runner, variables and expression hooks back into the engine's loops
 * (they are the defaults; tests that swapped a part with setEngine() call this or resetEngine()),
 * and the Flow triggers into the ends the executor writes.
 */
export function installEngine() {
  resetEngine();
  installFlowTriggers();
}
