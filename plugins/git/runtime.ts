import type { PluginRuntime } from "../../lib/plugins/types";
import { lazyRunners } from "../../lib/plugins/lazy";
import { GIT_TASKS } from "./catalogue";

export const runtime: PluginRuntime = {
  id: "git",
  runners: lazyRunners(
    GIT_TASKS.map((t) => t.type),
    () => import("./runners").then((m) => m.GIT_RUNNERS),
  ),
};
