import { withTenant } from "@/lib/api/handler";
import { namespaceBackends } from "@/lib/namespaces/settings";

export const GET = withTenant<{ tenant: string; namespace: string }>(async (_req, { ctx, params }) =>
  namespaceBackends(ctx, params.namespace),
);
