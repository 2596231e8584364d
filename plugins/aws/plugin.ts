import type { PluginDefinition } from "../../lib/plugins/types";
import { S3, S3_TASKS } from "./catalogue";
import { S3_TASK_DOCS } from "./docs";

export const definition: PluginDefinition = {
  id: "aws",
  title: "AWS S3",
  groups: [S3],
  tasks: S3_TASKS,
  docs: S3_TASK_DOCS,
  // the orchestrator's S3 types this plugin does not provide yet
  notProvided: [`${S3}.Trigger`],
};
