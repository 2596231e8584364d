import type { CallSite } from "./context";

/** Arguments by name: positional ones are named after the callable's declared argument list. */
export type Args = Record<string, unknown>;

/** What a function may ask of the engine besides its arguments. */
export type Env = {
  /** renders a template string with the current variables, one level deeper */
  render(source: string, site: CallSite): Promise<string>;
};

export type FilterDef = { args: string[]; apply: (input: unknown, args: Args, site: CallSite) => unknown };
export type FunctionDef = { args: string[]; apply: (args: Args, site: CallSite, env: Env) => unknown };
export type TestDef = { args: string[]; apply: (input: unknown, args: Args, site: CallSite) => boolean };

/** Registries are prototype-less maps of our own definitions: a name can only find what is listed. */
export function registry<T>(entries: Record<string, T>): ReadonlyMap<string, T> {
  return new Map(Object.entries(entries));
}
