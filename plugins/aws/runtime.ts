import type { PluginRuntime } from "../../lib/plugins/types";
import { S3_RUNNERS } from "./runner";

export const runtime: PluginRuntime = {
  id: "aws",
  runners: S3_RUNNERS,
};
