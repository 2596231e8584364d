import { withTenant } from "@/lib/api/handler";
import { namespaceInheritance } from "@/lib/namespaces/settings";

export const GET = withTenant<{ tenant: string; namespace: string }>("GET /api/v1/{tenant}/namespaces/{namespace}/inherited-variables", async (_req, { ctx, params }) => {
  const { variables } = await namespaceInheritance(ctx, params.namespace);
  return { results: variables, total: variables.length };
});
