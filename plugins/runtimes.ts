import type { PluginRuntime } from "../lib/plugins/types";
import { runtime as aws } from "./aws/runtime";
import { runtime as notifications } from "./notifications/runtime";
import { runtime as git } from "./git/runtime";
import { runtime as scripts } from "./scripts/runtime";
import { runtime as jdbc } from "./jdbc/runtime";
import { runtime as serdes } from "./serdes/runtime";

// The first-party plugins' runtimes (what a worker runs), one line per plugin.
export const PLUGIN_RUNTIMES: readonly PluginRuntime[] = [
  scripts,
  aws,
  notifications,
  jdbc,
  serdes,
  git,
];
