import type { PluginDefinition } from "../lib/plugins/types";
import { definition as scripts } from "./scripts/plugin";
import { definition as serdes } from "./serdes/plugin";

// The first-party plugins' definitions (catalogue entries and documentation), one line per plugin.
export const PLUGIN_DEFINITIONS: readonly PluginDefinition[] = [
  scripts,
  serdes,
];
