import type { PluginRuntime } from "../../lib/plugins/types";
import { G } from "./catalogue";
import { cloneTask } from "./clone";
import { pushFlowsTask, pushNamespaceFilesTask } from "./push";
import { syncFlowsTask, syncNamespaceFilesTask } from "./sync";

export const runtime: PluginRuntime = {
  id: "git",
  runners: {
    [`${G}.SyncNamespaceFiles`]: syncNamespaceFilesTask,
    [`${G}.SyncFlows`]: syncFlowsTask,
    [`${G}.PushNamespaceFiles`]: pushNamespaceFilesTask,
    [`${G}.PushFlows`]: pushFlowsTask,
    [`${G}.Clone`]: cloneTask,
  },
};
