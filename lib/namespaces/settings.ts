import "server-only";
import type { TenantContext } from "../authz/context";
import { resolveBackends } from "../backends/resolve";
import { type ChainLink, loadChain } from "./chain";
import { mergePluginDefaults, mergeVariables, type PluginDefault } from "./inheritance";
import { checkNamespace } from "./schemas";

/**
 * What a namespace inherits: variables and plugin defaults in force, each with the namespace that
 * defines it. Readable by whoever may read the namespace (they are what its flows run with).
 */
export async function namespaceInheritance(ctx: TenantContext, name: string) {
  checkNamespace(name);
  ctx.require("NAMESPACE", "READ", name);
  const chain = await loadChain(ctx.tenantId, name);
  return {
    variables: mergeVariables(chain.map((l) => ({ namespace: l.name, value: JSON.parse(l.variables) as Record<string, unknown> }))),
    pluginDefaults: chainPluginDefaults(chain),
  };
}

const chainPluginDefaults = (chain: ChainLink[]) =>
  mergePluginDefaults(chain.map((l) => ({ namespace: l.name, value: JSON.parse(l.pluginDefaults) as PluginDefault[] })));

/**
 * The plugin defaults a flow of `name` is validated and run with. No permission of its own: the
 * caller is saving a flow there, and the values are only applied, never shown.
 */
export async function pluginDefaultsInForce(tenantId: string, name: string) {
  return chainPluginDefaults(await loadChain(tenantId, name));
}

/** The storage and secret backends in force for a namespace, and the order they are looked up in. */
export async function namespaceBackends(ctx: TenantContext, name: string) {
  checkNamespace(name);
  ctx.require("NAMESPACE", "READ", name);
  return resolveBackends(ctx.tenantId, name);
}
