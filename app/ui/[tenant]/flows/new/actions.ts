"use server";
import { z } from "zod";
import { tenantAction } from "@/lib/actions/safe-action";
import { createFlow } from "@/lib/flows/flows";
import { toFlowSummary } from "@/lib/flows/serialize";

export const createFlowAction = tenantAction(z.object({ tenant: z.string().min(1), source: z.string() }), async (input, ctx) =>
  toFlowSummary(await createFlow(ctx, input.source)),
);
