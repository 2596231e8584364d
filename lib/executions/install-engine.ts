import { step } from "./executor";
import { setEngine } from "./processes/engine";
import { runTask } from "./run-task";
import { variablesFor } from "./variables";

/**
 * Puts the real executor, task runner and variables into the engine's loops (until the loops'
 * own defaults name them): the CLI's in-process roles and the tests call this once.
 */
export function installEngine() {
  setEngine({ step, runTask, variablesFor });
}
