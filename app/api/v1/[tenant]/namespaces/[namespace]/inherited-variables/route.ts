import { withTenant } from "@/lib/api/handler";
import { namespaceInheritance } from "@/lib/namespaces/settings";

export const GET = withTenant("GET /api/v1/{tenant}/namespaces/{namespace}/inherited-variables", async (_req, { ctx, params }) => {
  const { variables, hidden } = await namespaceInheritance(ctx, params.namespace);
  // hidden: how many values in force are defined in namespaces the caller cannot read
  return { results: variables, total: variables.length, hidden: hidden.variables };
});
