import type { DefaultEntry } from "../../namespaces/inheritance";
import { formatPath } from "./paths";
import { isPlainObject, type Path, type PlainObject } from "./types";

/** A namespace plugin default in force, property by property, as the namespace resolver returns it. */
export type NamespaceDefault = Pick<DefaultEntry, "type" | "property" | "value" | "namespace" | "forced">;

/** Where a property of a task or trigger came from when it is not (only) the flow's own text. */
export type AppliedDefault = {
  /** the task or trigger, e.g. `tasks[0]` */
  path: string;
  line?: number;
  id?: string;
  type: string;
  property: string;
  /** absent: the flow's own `pluginDefaults`; otherwise the namespace that defines it */
  namespace?: string;
  forced: boolean;
  /** a forced default replaced (or merged into) a value the flow sets itself */
  overrides: boolean;
};

type Candidate = { value: unknown; namespace?: string; forced: boolean; specificity: number };

/** Properties a default never sets: they say what the plugin is. */
const OWN_ONLY = new Set(["id", "type", "pluginDefaultsRef"]);

/**
 * The plugin defaults that apply to one flow: its own `pluginDefaults` (or the older
 * `taskDefaults`) and those in force in its namespace chain. Applied as the orchestrator does,
 * before validation: a default fills a property the plugin leaves unset (the flow's own defaults
 * before the namespace's), maps are merged, and a `forced` default replaces the plugin's value
 * (a namespace's forced value over the flow's).
 */
export class PluginDefaults {
  readonly applied: AppliedDefault[] = [];
  private readonly flow: { type: string; values: PlainObject; forced: boolean }[];

  constructor(flowDefaults: unknown, private readonly namespace: readonly NamespaceDefault[]) {
    this.flow = (Array.isArray(flowDefaults) ? flowDefaults : [])
      .filter((d): d is PlainObject => isPlainObject(d) && typeof d.type === "string" && isPlainObject(d.values))
      .map((d) => ({ type: d.type as string, values: d.values as PlainObject, forced: d.forced === true || d.forced === "true" }));
  }

  /**
   * The plugin with its defaults applied, and for each property set by a default, where from.
   * `names` are the plugin's type names (canonical and aliases): a default names one of them or a
   * package above them (`io.kestra.plugin.core` covers every core plugin).
   */
  apply(
    plugin: PlainObject,
    names: readonly string[],
    known: ReadonlySet<string>,
    at: { path: Path; line?: number },
  ): { value: PlainObject; origins: Map<string, AppliedDefault> } {
    const origins = new Map<string, AppliedDefault>();
    if (this.flow.length === 0 && this.namespace.length === 0) return { value: plugin, origins };
    const byProperty = new Map<string, { flow: Candidate[]; namespace: Candidate[] }>();
    const add = (property: string, side: "flow" | "namespace", c: Candidate) => {
      // a default for a whole package sets what some of its plugins have and others do not
      if (OWN_ONLY.has(property) || !known.has(property)) return;
      const held = byProperty.get(property) ?? { flow: [], namespace: [] };
      held[side].push(c);
      byProperty.set(property, held);
    };
    for (const d of this.flow) {
      const specificity = matchOf(d.type, names);
      if (specificity > 0) for (const [property, value] of Object.entries(d.values)) add(property, "flow", { value, forced: d.forced, specificity });
    }
    for (const d of this.namespace) {
      const specificity = matchOf(d.type, names);
      if (specificity > 0) add(d.property, "namespace", { value: d.value, namespace: d.namespace, forced: d.forced, specificity });
    }
    if (byProperty.size === 0) return { value: plugin, origins };

    const value: PlainObject = { ...plugin };
    for (const [property, { flow, namespace }] of byProperty) {
      const own = plugin[property];
      let current = own;
      let origin: Candidate | undefined;
      let overrides = false;
      // defaults fill in: the flow's own first, the most specific type first
      for (const c of [...pick(flow, false), ...pick(namespace, false)]) {
        if (current == null) {
          current = c.value;
          origin ??= c;
        } else if (isPlainObject(current) && isPlainObject(c.value)) {
          current = deepMerge(c.value, current);
          origin ??= c;
        }
      }
      // forced defaults win over the plugin's value; the namespace's over the flow's
      const forced = pick(namespace, true)[0] ?? pick(flow, true)[0];
      if (forced) {
        overrides = own != null;
        current = isPlainObject(current) && isPlainObject(forced.value) ? deepMerge(current, forced.value) : forced.value;
        origin = forced;
      }
      if (!origin) continue;
      value[property] = current;
      const id = typeof plugin.id === "string" || typeof plugin.id === "number" ? String(plugin.id) : undefined;
      const entry: AppliedDefault = {
        path: formatPath(at.path),
        ...(at.line ? { line: at.line } : {}),
        ...(id ? { id } : {}),
        type: String(plugin.type),
        property,
        ...(origin.namespace !== undefined ? { namespace: origin.namespace } : {}),
        forced: origin.forced,
        overrides,
      };
      origins.set(property, entry);
      this.applied.push(entry);
    }
    return { value, origins };
  }
}

/** How closely a default's type names the plugin: 0 not at all, more for a longer (closer) name. */
function matchOf(type: string, names: readonly string[]): number {
  if (names.includes(type)) return 1000;
  return names.some((n) => n.startsWith(`${type}.`)) ? type.length : 0;
}

/** The candidates of one kind, closest type first (a stable sort keeps the list order among equals). */
function pick(candidates: Candidate[], forced: boolean): Candidate[] {
  return candidates.filter((c) => c.forced === forced).sort((a, b) => b.specificity - a.specificity);
}

/** `over` wins where both set a key; maps are merged all the way down. */
function deepMerge(under: PlainObject, over: PlainObject): PlainObject {
  const out: PlainObject = { ...under };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k] as PlainObject, v) : v;
  }
  return out;
}

/** "from the flow's plugin defaults", "forced by the plugin defaults of namespace company", ... */
export function describeOrigin(d: Pick<AppliedDefault, "namespace" | "forced">): string {
  const where = d.namespace === undefined ? "the flow's plugin defaults" : `the plugin defaults of namespace ${d.namespace}`;
  return d.forced ? `forced by ${where}` : `from ${where}`;
}
