import type { PluginDefinition } from "../lib/plugins/types";
import { definition as aws } from "./aws/plugin";
import { definition as notifications } from "./notifications/plugin";
import { definition as git } from "./git/plugin";
import { definition as scripts } from "./scripts/plugin";
import { definition as jdbc } from "./jdbc/plugin";
import { definition as serdes } from "./serdes/plugin";

// The first-party plugins' definitions (catalogue entries and documentation), one line per plugin.
export const PLUGIN_DEFINITIONS: readonly PluginDefinition[] = [
  scripts,
  aws,
  notifications,
  jdbc,
  serdes,
  git,
];
