"use server";
import { z } from "zod";
import { tenantAction } from "../actions/safe-action";
import { syncNow } from "./syncs";

export const syncNowAction = tenantAction(
  "syncNowAction",
  z.object({ tenant: z.string().min(1), namespace: z.string().min(1), kind: z.enum(["files", "flows"]) }),
  (input, ctx) => syncNow(ctx, input.namespace, input.kind),
);
