import { flowResponse } from "@/lib/api/flow-io";
import { withTenant } from "@/lib/api/handler";
import { createFlow } from "@/lib/flows/flows";

export const POST = withTenant("POST /api/v1/{tenant}/flows", async (req, { ctx, body }) => flowResponse(req, await createFlow(ctx, body), 201));
