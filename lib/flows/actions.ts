"use server";
import { z } from "zod";
import { tenantAction } from "../actions/safe-action";
import { createFlow, deleteFlow, restoreRevision, updateFlow } from "./flows";
import { toFlowSummary } from "./serialize";

const flowRef = { tenant: z.string().min(1), namespace: z.string().min(1), id: z.string().min(1) };
const revision = z.number().int().min(1);

/** The namespace is the YAML's: createFlow checks FLOW:CREATE there. */
export const createFlowAction = tenantAction(
  "createFlowAction",
  z.object({ tenant: z.string().min(1), source: z.string() }),
  async (input, ctx) => toFlowSummary(await createFlow(ctx, input.source)),
);

export const saveFlowAction = tenantAction(
  "saveFlowAction",
  z.object({ ...flowRef, source: z.string(), baseRevision: revision }),
  async (input, ctx) => {
    const { changed, ...flow } = await updateFlow(ctx, input.namespace, input.id, input.source, input.baseRevision);
    return { ...toFlowSummary(flow), changed };
  },
);

export const restoreRevisionAction = tenantAction(
  "restoreRevisionAction",
  z.object({ ...flowRef, revision, baseRevision: revision }),
  async (input, ctx) => {
    const { changed, ...flow } = await restoreRevision(ctx, input.namespace, input.id, input.revision, input.baseRevision);
    return { ...toFlowSummary(flow), changed };
  },
);

export const deleteFlowAction = tenantAction("deleteFlowAction", z.object(flowRef), (input, ctx) =>
  deleteFlow(ctx, input.namespace, input.id),
);
