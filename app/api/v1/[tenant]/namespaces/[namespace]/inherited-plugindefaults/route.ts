import { withTenant } from "@/lib/api/handler";
import { namespaceInheritance } from "@/lib/namespaces/settings";

export const GET = withTenant("GET /api/v1/{tenant}/namespaces/{namespace}/inherited-plugindefaults", async (_req, { ctx, params }) => {
  const { pluginDefaults, hidden } = await namespaceInheritance(ctx, params.namespace);
  // hidden: how many values in force are defined in namespaces the caller cannot read
  return { results: pluginDefaults, total: pluginDefaults.length, hidden: hidden.pluginDefaults };
});
