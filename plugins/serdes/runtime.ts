import type { PluginRuntime } from "../../lib/plugins/types";
import { SERDES_RUNNERS } from "./runner";

export const runtime: PluginRuntime = {
  id: "serdes",
  runners: SERDES_RUNNERS,
};
