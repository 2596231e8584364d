"use server";
import { z } from "zod";
import { tenantAction } from "@/lib/actions/safe-action";
import { deleteFlow, restoreRevision, updateFlow } from "@/lib/flows/flows";
import { toFlowSummary } from "@/lib/flows/serialize";

const flowRef = { tenant: z.string().min(1), namespace: z.string().min(1), id: z.string().min(1) };
const revision = z.number().int().min(1);

export const saveFlowAction = tenantAction(
  z.object({ ...flowRef, source: z.string(), baseRevision: revision }),
  async (input, ctx) => {
    const { changed, ...flow } = await updateFlow(ctx, input.namespace, input.id, input.source, input.baseRevision);
    return { ...toFlowSummary(flow), changed };
  },
);

export const restoreRevisionAction = tenantAction(
  z.object({ ...flowRef, revision, baseRevision: revision }),
  async (input, ctx) => {
    const { changed, ...flow } = await restoreRevision(ctx, input.namespace, input.id, input.revision, input.baseRevision);
    return { ...toFlowSummary(flow), changed };
  },
);

export const deleteFlowAction = tenantAction(z.object(flowRef), (input, ctx) => deleteFlow(ctx, input.namespace, input.id));
