import { resetEngine } from "./processes/engine";

/**
 * Puts the real executor, task runner, variables and expression hooks back into the engine's loops
 * (they are the defaults; tests that swapped a part with setEngine() call this or resetEngine()).
 */
export function installEngine() {
  resetEngine();
}
