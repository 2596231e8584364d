import type { PluginRuntime } from "../../lib/plugins/types";
import { lazyRunners } from "../../lib/plugins/lazy";
import { S3_TASKS } from "./catalogue";

export const runtime: PluginRuntime = {
  id: "aws",
  runners: lazyRunners(
    S3_TASKS.map((t) => t.type),
    () => import("./runner").then((m) => m.S3_RUNNERS),
  ),
};
