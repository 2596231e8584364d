import { invalid } from "../errors";

/** `?inherited=true|false`; `fallback` when absent. */
export function inheritedParam(params: URLSearchParams, fallback: boolean): boolean {
  const v = params.get("inherited");
  if (v === null) return fallback;
  if (v === "true" || v === "false") return v === "true";
  throw invalid("Invalid query", [{ path: "inherited", message: "inherited must be true or false" }]);
}
