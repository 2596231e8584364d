import type { PluginRuntime } from "../../lib/plugins/types";
import { lazyRunners } from "../../lib/plugins/lazy";
import { JDBC_TASKS } from "./catalogue";

export const runtime: PluginRuntime = {
  id: "jdbc",
  runners: lazyRunners(
    JDBC_TASKS.map((t) => t.type),
    () => import("./runner").then((m) => m.JDBC_RUNNERS),
  ),
};
