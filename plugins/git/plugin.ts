import type { PluginDefinition } from "../../lib/plugins/types";
import { G, GIT_TASKS } from "./catalogue";
import { GIT_TASK_DOCS } from "./docs";

export const definition: PluginDefinition = {
  id: "git",
  title: "Git",
  groups: [G],
  tasks: GIT_TASKS,
  docs: GIT_TASK_DOCS,
};
