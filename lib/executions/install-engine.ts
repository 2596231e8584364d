import { onEnded } from "./concurrency";
import { resetEngine } from "./processes/engine";
import { onExecutionEnded } from "./store";
import { startTriggeredFlows } from "@/lib/triggers/flow-triggers";

// The concurrency limits' ended hook (the oldest QUEUED executions that now fit start), registered
// once per process with this module, which every executor imports.
let registered = false;
function registerHooks() {
  if (registered) return;
  registered = true;
  onExecutionEnded(onEnded);
}
registerHooks();

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
 * the concurrency limits' and the Flow triggers' hooks into the ends the executor writes.
 */
export function installEngine() {
  resetEngine();
  registerHooks();
  installFlowTriggers();
}
