import type { PluginDefinition } from "../../lib/plugins/types";
import { SCRIPT_TASKS } from "./catalogue";
import { SCRIPT_TASK_DOCS } from "./docs";

export const definition: PluginDefinition = {
  id: "scripts",
  title: "Scripts",
  // the languages it runs; the others (R, Julia, Ruby, ...) are plugins not installed
  groups: ["io.kestra.plugin.scripts.shell", "io.kestra.plugin.scripts.python", "io.kestra.plugin.scripts.node"],
  tasks: SCRIPT_TASKS,
  docs: SCRIPT_TASK_DOCS,
};
