import type { PluginRuntime } from "../../lib/plugins/types";
import { lazyRunners } from "../../lib/plugins/lazy";
import { SCRIPT_LAZY_PROPERTIES, SCRIPT_TASKS } from "./catalogue";

export const runtime: PluginRuntime = {
  id: "scripts",
  runners: lazyRunners(
    SCRIPT_TASKS.map((t) => t.type),
    () => import("./runner").then((m) => m.SCRIPT_RUNNERS),
  ),
  // rendered by the script runner, with `workingDir` and `outputDir` among the variables
  lazy: Object.fromEntries(SCRIPT_TASKS.map((t) => [t.type, SCRIPT_LAZY_PROPERTIES])),
};
