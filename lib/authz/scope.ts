import type { NamespaceScope } from "./context";

/**
 * The `where` fragment that limits a list query to the namespaces of a scope, so lists are
 * filtered by the database at any page size.
 */
export function namespaceWhere(scope: NamespaceScope, field = "namespace"): Record<string, unknown> {
  if (scope.all) return {};
  if (scope.prefixes.length === 0) return { [field]: { in: [] } };
  return {
    OR: scope.prefixes.flatMap((p) => [{ [field]: p }, { [field]: { startsWith: `${p}.` } }]),
  };
}
