import type { PluginDefinition } from "../../lib/plugins/types";
import { S, SERDES_TASKS } from "./catalogue";
import { SERDES_TASK_DOCS } from "./docs";

export const definition: PluginDefinition = {
  id: "serdes",
  title: "Serialization (CSV, JSON, Excel, ION)",
  groups: [`${S}.csv`, `${S}.json`, `${S}.excel`],
  tasks: SERDES_TASKS,
  docs: SERDES_TASK_DOCS,
  // the orchestrator's JSON types this plugin does not provide yet
  notProvided: [`${S}.json.JsonToJsonl`, `${S}.json.JsonToToon`, `${S}.json.ToonToJson`],
};
