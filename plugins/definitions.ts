import type { PluginDefinition } from "../lib/plugins/types";
import { definition as git } from "./git/plugin";
import { definition as scripts } from "./scripts/plugin";

// The first-party plugins' definitions (catalogue entries and documentation), one line per plugin.
export const PLUGIN_DEFINITIONS: readonly PluginDefinition[] = [
  scripts,
  git,
];
