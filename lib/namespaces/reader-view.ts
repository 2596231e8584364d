/**
 * What a person sees of inherited values: only those defined where they may read. The domain
 * resolvers (inheritanceChain, mergeVariables, mergePluginDefaults) stay unfiltered, because a
 * flow runs with everything its namespace inherits; the filter applies to reading only, after the
 * values in force are decided, so that a hidden value is never replaced by one it overrides.
 */
export function readableOnly<T>(items: T[], definedIn: (item: T) => string | null, mayRead: (namespace: string | null) => boolean) {
  const decided = new Map<string | null, boolean>();
  const readable = (ns: string | null) => {
    if (!decided.has(ns)) decided.set(ns, mayRead(ns));
    return decided.get(ns)!;
  };
  const results = items.filter((item) => readable(definedIn(item)));
  return { results, hidden: items.length - results.length, readable };
}

/** The sentence a page shows under a list from which entries were left out. */
export const hiddenNote = (hidden: number, one: string, many: string) =>
  hidden === 1
    ? `1 ${one} is not shown: you may not read where it is defined.`
    : `${hidden} ${many} are not shown: you may not read where they are defined.`;
