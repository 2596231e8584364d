import type { PluginRuntime } from "../../lib/plugins/types";
import { lazyRunners } from "../../lib/plugins/lazy";
import { NOTIFICATION_TASKS } from "./catalogue";

export const runtime: PluginRuntime = {
  id: "notifications",
  runners: lazyRunners(
    NOTIFICATION_TASKS.map((t) => t.type),
    () => import("./runners").then((m) => m.NOTIFICATION_RUNNERS),
  ),
};
