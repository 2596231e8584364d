import type { PluginDefinition, PluginRuntime } from "./types";

// The plugins registered at run time (npm packages named by TENANTFLOW_PLUGINS), beside the
// first-party ones the catalogue and the runners list statically. One store per process: it lives
// on globalThis, so that every copy of a module the server's bundles hold (the instrumentation's,
// a route's) sees the same plugins. Plain data, safe in the browser (where it stays empty).

/** A package that could not be installed: what it was named, and why (shown to superadmins). */
export type PluginFailure = { source: string; message: string };

export type RegisteredPlugin = { definition: PluginDefinition; runtime: PluginRuntime; source: string };

export type PluginStore = {
  plugins: RegisteredPlugin[];
  failures: PluginFailure[];
  /** the sources already loaded (a second load of the same setting is a no-op) */
  loaded: Set<string>;
  /**
   * In the browser: the groups of the packages the server installed, whose schemas the browser does
   * not have. The editor accepts their types unchecked (the server checks them when the flow saves).
   */
  remoteGroups: string[];
};

const KEY = Symbol.for("tenantflow.plugins");

export function pluginStore(): PluginStore {
  const holder = globalThis as typeof globalThis & { [KEY]?: PluginStore };
  holder[KEY] ??= { plugins: [], failures: [], loaded: new Set(), remoteGroups: [] };
  return holder[KEY];
}
