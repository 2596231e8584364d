import { withTenant } from "@/lib/api/handler";
import { namespaceInheritance } from "@/lib/namespaces/settings";

export const GET = withTenant<{ tenant: string; namespace: string }>("GET /api/v1/{tenant}/namespaces/{namespace}/inherited-plugindefaults", async (_req, { ctx, params }) => {
  const { pluginDefaults } = await namespaceInheritance(ctx, params.namespace);
  return { results: pluginDefaults, total: pluginDefaults.length };
});
