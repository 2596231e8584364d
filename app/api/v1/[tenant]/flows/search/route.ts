import { withTenant } from "@/lib/api/handler";
import { parsePaging } from "@/lib/api/paging";
import { invalid } from "@/lib/errors";
import { FLOW_SORTS, type LabelFilter, isFlowSort, parseLabelFilter } from "@/lib/flows/filters";
import { searchFlows } from "@/lib/flows/list";

/** `?q=&namespace=&label=key:value (repeatable)&sort=&page=&size=`: flows the caller may read. */
export const GET = withTenant("GET /api/v1/{tenant}/flows/search", async (req, { ctx }) => {
  const params = new URL(req.url).searchParams;
  const sort = params.get("sort") ?? undefined;
  if (sort !== undefined && !isFlowSort(sort)) {
    throw invalid("Invalid sort", [{ path: "sort", message: `sort must be one of ${FLOW_SORTS.join(", ")}` }]);
  }
  const labels = params.getAll("label").map((text) => {
    const label = parseLabelFilter(text);
    if (!label) throw invalid("Invalid label filter", [{ path: "label", message: `label "${text}" must be written key:value` }]);
    return label;
  }) satisfies LabelFilter[];
  return searchFlows(
    ctx,
    { q: params.get("q") ?? undefined, namespace: params.get("namespace") ?? undefined, labels, sort },
    parsePaging(params),
  );
});
