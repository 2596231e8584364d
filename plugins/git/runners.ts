import type { TaskRunner } from "../../lib/executions/tasks/types";
import { G } from "./catalogue";
import { cloneTask } from "./clone";
import { pushFlowsTask, pushNamespaceFilesTask } from "./push";
import { syncFlowsTask, syncNamespaceFilesTask } from "./sync";

export const GIT_RUNNERS: Readonly<Record<string, TaskRunner>> = {
  [`${G}.SyncNamespaceFiles`]: syncNamespaceFilesTask,
  [`${G}.SyncFlows`]: syncFlowsTask,
  [`${G}.PushNamespaceFiles`]: pushNamespaceFilesTask,
  [`${G}.PushFlows`]: pushFlowsTask,
  [`${G}.Clone`]: cloneTask,
};
