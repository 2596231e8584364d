import "server-only";
import type { TenantContext } from "../authz/context";
import { resolveBackends } from "../backends/resolve";
import type { TenantDb } from "../db";
import { type ChainLink, loadChain } from "./chain";
import { mergePluginDefaults, mergeVariables, type PluginDefault } from "./inheritance";
import { readableOnly } from "./reader-view";
import { checkNamespace } from "./schemas";

/**
 * What a namespace inherits: variables and plugin defaults in force, each with the namespace that
 * defines it, as a reader sees them: values defined in namespaces the reader may not read are left
 * out (and counted in `hidden`), as are those namespaces in `overrides`. Flows still run with all of
 * them (the merge itself is the domain's, unfiltered).
 */
export async function namespaceInheritance(ctx: TenantContext, name: string) {
  checkNamespace(name);
  ctx.require("NAMESPACE", "READ", name);
  const chain = await loadChain(ctx.db, name);
  const mayRead = (ns: string | null) => ns !== null && ctx.can("NAMESPACE", "READ", ns);
  const variables = readableOnly(
    mergeVariables(chain.map((l) => ({ namespace: l.name, value: JSON.parse(l.variables) as Record<string, unknown> }))),
    (v) => v.namespace,
    mayRead,
  );
  const pluginDefaults = readableOnly(
    chainPluginDefaults(chain),
    (d) => d.namespace,
    mayRead,
  );
  return {
    variables: variables.results.map((v) => ({ ...v, overrides: v.overrides.filter(variables.readable) })),
    pluginDefaults: pluginDefaults.results.map((d) => ({ ...d, overrides: d.overrides.filter(pluginDefaults.readable) })),
    hidden: { variables: variables.hidden, pluginDefaults: pluginDefaults.hidden },
  };
}

/** The plugin defaults in force along a chain already loaded (loadChain). */
export const chainPluginDefaults = (chain: ChainLink[]) =>
  mergePluginDefaults(chain.map((l) => ({ namespace: l.name, value: JSON.parse(l.pluginDefaults) as PluginDefault[] })));

/**
 * The plugin defaults a flow of `name` is validated and run with. No permission of its own: the
 * caller is saving a flow there, and the values are only applied, never shown.
 */
export async function pluginDefaultsInForce(tdb: Pick<TenantDb, "namespace">, name: string) {
  return chainPluginDefaults(await loadChain(tdb, name));
}

/** The storage and secret backends in force for a namespace, and the order they are looked up in. */
export async function namespaceBackends(ctx: TenantContext, name: string) {
  checkNamespace(name);
  ctx.require("NAMESPACE", "READ", name);
  return resolveBackends(ctx.db, name);
}
