import type { PluginDefinition } from "../../lib/plugins/types";
import { SCRIPT_TASKS } from "./catalogue";
import { SCRIPT_TASK_DOCS } from "./docs";

export const definition: PluginDefinition = {
  id: "scripts",
  title: "Scripts",
  groups: ["io.kestra.plugin.scripts"],
  tasks: SCRIPT_TASKS,
  docs: SCRIPT_TASK_DOCS,
};
