// How a namespace inherits variables and plugin defaults from its ancestors (pure functions; the
// levels come nearest first: the namespace itself, then its parent, ... up to the root).

export type Level<T> = { namespace: string; value: T };

export type VariableEntry = {
  key: string;
  value: unknown;
  /** where the value in force is defined */
  namespace: string;
  /** ancestors whose value for this key is hidden by a nearer one */
  overrides: string[];
};

/** Variables in force: for each key the nearest namespace that defines it wins. */
export function mergeVariables(levels: Level<Record<string, unknown>>[]): VariableEntry[] {
  const byKey = new Map<string, VariableEntry>();
  for (const { namespace, value } of levels) {
    for (const [key, v] of Object.entries(value)) {
      const held = byKey.get(key);
      if (held) held.overrides.push(namespace);
      else byKey.set(key, { key, value: v, namespace, overrides: [] });
    }
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export type PluginDefault = { type: string; forced?: boolean; values: Record<string, unknown> };

export type DefaultEntry = {
  type: string;
  property: string;
  value: unknown;
  namespace: string;
  forced: boolean;
  /** namespaces whose value for this property is not in force */
  overrides: string[];
};

/**
 * Plugin defaults in force, property by property: the nearest namespace wins, except that a value
 * set by a `forced` default cannot be changed below it (the furthest forcing ancestor wins).
 */
export function mergePluginDefaults(levels: Level<PluginDefault[]>[]): DefaultEntry[] {
  const held = new Map<string, DefaultEntry>();
  // walk from the root down, so that a nearer level replaces what it may replace
  for (const { namespace, value } of [...levels].reverse()) {
    for (const def of value) {
      for (const [property, v] of Object.entries(def.values ?? {})) {
        const k = `${def.type}\u0000${property}`;
        const current = held.get(k);
        const forced = def.forced === true;
        if (current?.forced) {
          current.overrides.push(namespace);
          continue;
        }
        const overrides = current ? [...current.overrides, current.namespace] : [];
        held.set(k, { type: def.type, property, value: v, namespace, forced, overrides });
      }
    }
  }
  return [...held.values()].sort((a, b) => a.type.localeCompare(b.type) || a.property.localeCompare(b.property));
}
