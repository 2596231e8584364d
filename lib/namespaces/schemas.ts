import { z } from "zod";
import { invalid, zodDetails } from "../errors";

/** SPEC §2: dotted segments, no empty segment, `search` reserved as a one-segment name. */
export const namespaceSchema = z
  .string({ error: "namespace is required" })
  .min(1, "namespace is required")
  .max(150, "namespace must be at most 150 characters")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "namespace must start with a lowercase letter or digit and contain only a-z, 0-9, ., _ and -")
  .refine((n) => !n.split(".").some((s) => s === ""), { message: "namespace must not contain an empty segment (.. or a trailing dot)" })
  .refine((n) => n !== "search", { message: "the namespace name \"search\" is reserved" });

export const namespaceInput = z.object({
  name: namespaceSchema,
  description: z.string().max(2000, "description must be at most 2000 characters").optional(),
});
export const namespaceUpdate = z.object({
  description: z.string().max(2000, "description must be at most 2000 characters"),
});

/** A namespace named in a URL: 422 when it breaks the naming rules. */
export function checkNamespace(name: string) {
  const r = namespaceSchema.safeParse(name);
  if (!r.success) throw invalid("Invalid namespace", zodDetails(r.error.issues).map((d) => ({ ...d, path: "namespace" })));
}
