import type { PluginRuntime } from "../lib/plugins/types";
import { runtime as git } from "./git/runtime";
import { runtime as scripts } from "./scripts/runtime";

// The first-party plugins' runtimes (what a worker runs), one line per plugin.
export const PLUGIN_RUNTIMES: readonly PluginRuntime[] = [
  scripts,
  git,
];
