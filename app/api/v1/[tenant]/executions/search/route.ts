import { searchQuery } from "@/lib/api/execution-query";
import { withTenant } from "@/lib/api/handler";
import { parsePaging } from "@/lib/api/paging";
import { searchExecutions } from "@/lib/executions/executions";

/** `?namespace=&flowId=&state=&labels=key:value&startDate=&endDate=&q=&triggerExecutionId=&sort=&page=&size=`: executions the caller may read. */
export const GET = withTenant("GET /api/v1/{tenant}/executions/search", async (req, { ctx }) => {
  const params = new URL(req.url).searchParams;
  return searchExecutions(ctx, searchQuery(params), parsePaging(params));
});
