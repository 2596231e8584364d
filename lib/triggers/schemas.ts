import { z } from "zod";

// Request bodies of the triggers API (client-safe: no server import), shared with the OpenAPI document.

export const triggerUpdate = z.strictObject({ disabled: z.boolean({ error: "disabled must be true or false" }) });

export const backfillInput = z.strictObject({
  start: z.iso.datetime({ offset: true, error: "start must be an ISO-8601 date and time" }),
  end: z.iso.datetime({ offset: true, error: "end must be an ISO-8601 date and time" }).nullish(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  labels: z.record(z.string(), z.string()).optional(),
});
export type BackfillInput = z.infer<typeof backfillInput>;
