import { withTenant } from "@/lib/api/handler";
import { listRevisions } from "@/lib/flows/flows";

export const GET = withTenant<{ tenant: string; namespace: string; id: string }>(async (_req, { ctx, params }) =>
  listRevisions(ctx, params.namespace, params.id),
);
