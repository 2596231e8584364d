import type { PluginDefinition } from "../../lib/plugins/types";
import { NOTIFICATION_GROUPS, NOTIFICATION_TASKS } from "./catalogue";
import { NOTIFICATION_TASK_DOCS } from "./docs";

export const definition: PluginDefinition = {
  id: "notifications",
  title: "Notifications",
  groups: NOTIFICATION_GROUPS,
  tasks: NOTIFICATION_TASKS,
  docs: NOTIFICATION_TASK_DOCS,
};
