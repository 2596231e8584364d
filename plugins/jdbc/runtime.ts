import type { PluginRuntime } from "../../lib/plugins/types";
import { JDBC_RUNNERS } from "./runner";

export const runtime: PluginRuntime = {
  id: "jdbc",
  runners: JDBC_RUNNERS,
};
