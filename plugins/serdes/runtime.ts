import type { PluginRuntime } from "../../lib/plugins/types";
import { lazyRunners } from "../../lib/plugins/lazy";
import { SERDES_TASKS } from "./catalogue";

export const runtime: PluginRuntime = {
  id: "serdes",
  runners: lazyRunners(
    SERDES_TASKS.map((t) => t.type),
    () => import("./runner").then((m) => m.SERDES_RUNNERS),
  ),
};
