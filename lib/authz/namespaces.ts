// Namespace hierarchy on segment boundaries: `company` covers `company.team`, never `companyx`.

export function covers(ancestor: string, namespace: string): boolean {
  return namespace === ancestor || namespace.startsWith(ancestor + ".");
}

/** `a.b.c` -> [`a.b.c`, `a.b`, `a`]: the namespace itself, then its ancestors, nearest first. */
export function lineage(namespace: string): string[] {
  const parts = namespace.split(".");
  return parts.map((_, i) => parts.slice(0, parts.length - i).join("."));
}

/** Removes prefixes already covered by a shorter one. */
export function minimalPrefixes(prefixes: string[]): string[] {
  // by ancestors, not by pairs: a user may hold thousands of bindings
  const unique = new Set(prefixes);
  return [...unique].filter((p) => !lineage(p).slice(1).some((a) => unique.has(a))).sort();
}
