import { withTenant } from "@/lib/api/handler";
import { namespaceInheritance } from "@/lib/namespaces/settings";

export const GET = withTenant<{ tenant: string; namespace: string }>(async (_req, { ctx, params }) => {
  const { pluginDefaults } = await namespaceInheritance(ctx, params.namespace);
  return { results: pluginDefaults, total: pluginDefaults.length };
});
