import { onEnded } from "./concurrency";
import { resetEngine } from "./processes/engine";
import { onExecutionEnded } from "./store";

// The concurrency limits' ended hook (the oldest QUEUED executions that now fit start), registered
// once per process with this module, which every executor imports.
let registered = false;
function registerHooks() {
  if (registered) return;
  registered = true;
  onExecutionEnded(onEnded);
}
registerHooks();

/**
 * Puts the real executor, task runner, variables and expression hooks back into the engine's loops
 * (they are the defaults; tests that swapped a part with setEngine() call this or resetEngine()).
 */
export function installEngine() {
  resetEngine();
  registerHooks();
}
