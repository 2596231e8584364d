import type { PluginRuntime } from "../lib/plugins/types";
import { runtime as scripts } from "./scripts/runtime";
import { runtime as serdes } from "./serdes/runtime";

// The first-party plugins' runtimes (what a worker runs), one line per plugin.
export const PLUGIN_RUNTIMES: readonly PluginRuntime[] = [
  scripts,
  serdes,
];
