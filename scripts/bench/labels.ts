// The measured routes, by key, as the console and docs/benchmarks.md name them.
export type RouteKey = "floor" | "page-floor" | "search-scoped" | "search-admin" | "search-viewer" | "tree-scoped" | "tree-admin" | "flow-page";

export const ROUTE_LABELS: Record<RouteKey | "data-floor", string> = {
  floor: "empty route handler (framework floor)",
  "page-floor": "sign-in page (server-rendered, reads nothing: the page floor)",
  "data-floor": "search query in-process, no HTTP/authz (data floor)",
  "search-scoped": "flow search, user with 20 namespace bindings",
  "search-admin": "flow search, tenant Admin",
  "search-viewer": "flow search, tenant Viewer",
  "tree-scoped": "namespace tree (API), 20 namespace bindings",
  "tree-admin": "namespace tree (API), tenant Admin",
  "flow-page": "flow page (server-rendered UI), 20 namespace bindings",
};
