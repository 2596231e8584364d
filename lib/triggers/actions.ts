"use server";
import { z } from "zod";
import { tenantAction } from "../actions/safe-action";
import { type TriggerView, deleteBackfill, pauseBackfill, setBackfill, setTriggerDisabled, unlockTrigger } from "./triggers";

// The triggers' actions in the browser (the flow page's Triggers tab, the tenant's Triggers page):
// the same domain functions as the API routes, which check FLOW:READ (else 404) and FLOW:UPDATE in
// the trigger's namespace and audit each change. The declared permission is checked first in the
// namespace the input names.

const ref = {
  tenant: z.string().min(1),
  namespace: z.string().min(1).max(150),
  flowId: z.string().min(1).max(100),
  triggerId: z.string().min(1).max(100),
};
const keyOf = (i: { namespace: string; flowId: string; triggerId: string }) => ({ namespace: i.namespace, flowId: i.flowId, triggerId: i.triggerId });
const summary = (t: TriggerView) => ({ triggerId: t.triggerId, disabled: t.disabled, locked: t.locked, backfill: !!t.backfill });

export const setTriggerDisabledAction = tenantAction("setTriggerDisabledAction", z.object({ ...ref, disabled: z.boolean() }), async (input, ctx) =>
  summary(await setTriggerDisabled(ctx, keyOf(input), input.disabled)),
);

export const unlockTriggerAction = tenantAction("unlockTriggerAction", z.object(ref), async (input, ctx) => summary(await unlockTrigger(ctx, keyOf(input))));

export const setBackfillAction = tenantAction(
  "setBackfillAction",
  z.object({ ...ref, start: z.string().min(1).max(40), end: z.string().max(40).nullable() }),
  async (input, ctx) => summary(await setBackfill(ctx, keyOf(input), { start: input.start, end: input.end || null })),
);

export const pauseBackfillAction = tenantAction("pauseBackfillAction", z.object({ ...ref, paused: z.boolean() }), async (input, ctx) =>
  summary(await pauseBackfill(ctx, keyOf(input), input.paused)),
);

export const deleteBackfillAction = tenantAction("deleteBackfillAction", z.object(ref), async (input, ctx) => summary(await deleteBackfill(ctx, keyOf(input))));
