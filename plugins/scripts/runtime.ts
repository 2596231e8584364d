import type { PluginRuntime } from "../../lib/plugins/types";
import { SCRIPT_LAZY_PROPERTIES, SCRIPT_TASKS } from "./catalogue";
import { SCRIPT_RUNNERS } from "./runner";

export const runtime: PluginRuntime = {
  id: "scripts",
  runners: SCRIPT_RUNNERS,
  // rendered by the script runner, with `workingDir` and `outputDir` among the variables
  lazy: Object.fromEntries(SCRIPT_TASKS.map((t) => [t.type, SCRIPT_LAZY_PROPERTIES])),
};
