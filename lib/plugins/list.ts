import "server-only";
import type { Actor } from "../authz/actor";
import { forbidden } from "../errors";
import { type InstalledPlugin, installedPlugins, pluginFailures } from "./registry";
import type { PluginFailure } from "./store";

// What the instance has installed, for the API and the instance's plugins page (SPEC §9).

/**
 * The installed plugins with their types, for anyone signed in (they write the flows); the packages
 * that failed to load, with why, only for superadmins (their paths and errors describe the server).
 */
export function listPlugins(actor: Actor): { plugins: InstalledPlugin[]; failures?: PluginFailure[] } {
  return { plugins: installedPlugins(), ...(actor.superadmin ? { failures: pluginFailures() } : {}) };
}

/** The instance's plugins page: superadmins only (the API answers anyone the list above). */
export function pluginAdminView(actor: Actor): { plugins: InstalledPlugin[]; failures: PluginFailure[] } {
  if (!actor.superadmin) throw forbidden("Only a superadmin can see the instance's plugin installation");
  return { plugins: installedPlugins(), failures: pluginFailures() };
}
