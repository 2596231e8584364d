import { engineContext } from "./engine-context";
import { step } from "./executor";
import { engineHooks } from "./hooks";
import { setEngine } from "./processes/engine";
import { runTask } from "./run-task";
import { variablesFor } from "./variables";

/**
 * Puts the real executor, task runner, variables and expression hooks (secret(), kv(), read() in
 * the execution's tenant and namespace chain) into the engine's loops: the app's embedded roles,
 * the CLI's in-process roles and the tests call this once.
 */
export function installEngine() {
  setEngine({
    step,
    runTask,
    variablesFor,
    hooksFor: (e) => engineHooks({ ctx: engineContext(e.tenantId, e.id), namespace: e.namespace, flowId: e.flowId, executionId: e.id }),
  });
}
