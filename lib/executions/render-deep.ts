import { maskSecrets } from "../expressions";

export const MASK = "******";

/** Renders strings deeply (map keys too), lists and maps recursively; other values as they are. */
export async function renderDeep(value: unknown, render: (s: string) => Promise<string>): Promise<unknown> {
  if (typeof value === "string") return render(value);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) out.push(await renderDeep(v, render));
    return out;
  }
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // defined, not assigned: a key rendered to "__proto__" stays a key
      Object.defineProperty(out, await render(k), { value: await renderDeep(v, render), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** A template that is one expression and nothing else: `{{ expr }}` (blanks around it allowed). */
const SINGLE = /^\s*\{\{((?:(?!\{\{|\}\}|\{%|\{#).)*)\}\}\s*$/s;

/**
 * The orchestrator's typed rendering: a template that is a single `{{ expression }}` yields the
 * expression's value (a number, a map, a list, ...) instead of its text; anything else renders to
 * text as usual.
 */
export async function renderTyped(source: string, render: (s: string) => Promise<string>): Promise<unknown> {
  const single = SINGLE.exec(source);
  if (!single) return render(source);
  // whitespace control ({{- x -}}) has nothing to trim around a lone expression
  const expression = single[1].replace(/^-/, "").replace(/-$/, "");
  return JSON.parse(await render(`{{ (${expression}) | toJson }}`)) as unknown;
}

/** Every string in a value with the secrets replaced by ******. */
export function maskDeep(value: unknown, secrets: ReadonlySet<string>): unknown {
  if (secrets.size === 0) return value;
  if (typeof value === "string") return maskSecrets(value, secrets, MASK);
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, secrets));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [maskSecrets(k, secrets, MASK), maskDeep(v, secrets)]));
  }
  return value;
}
