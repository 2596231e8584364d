// Client-safe summaries of a role's grants for the roles page.
import { ACTIONS, type Grants, PERMISSIONS } from "../authz/permissions";

/** How many permission:action pairs a role grants, out of all there are. */
export function grantCount(g: Grants) {
  return { granted: PERMISSIONS.reduce((n, p) => n + (g[p]?.length ?? 0), 0), of: PERMISSIONS.length * ACTIONS.length };
}

export function sameGrants(a: Grants, b: Grants) {
  return PERMISSIONS.every((p) => ACTIONS.every((x) => (a[p]?.includes(x) ?? false) === (b[p]?.includes(x) ?? false)));
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
