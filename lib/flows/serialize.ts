// Server data handed to client components as the JSON the API answers (dates as ISO strings), so a
// query's initial data and its fetched data have one shape.
type WithUpdated = { updated: Date };

export const toFlowSummary = <T extends WithUpdated>(f: T) => ({ ...f, updated: f.updated.toISOString() });

export function toFlowPage<T extends WithUpdated>(page: { results: T[]; total: number }) {
  return { results: page.results.map(toFlowSummary), total: page.total };
}

export function toRevisionList<T extends { created: Date }>(list: { results: T[]; total: number; page: number; size: number }) {
  return { ...list, results: list.results.map((r) => ({ ...r, created: r.created.toISOString() })) };
}
