import { z } from "zod";

/** A worker group's key, as a task's `workerGroup.key` names it ("" is the default group, never defined). */
export const workerGroupKey = z
  .string({ error: "key is required" })
  .min(1, "key is required")
  .max(100, "key must be at most 100 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "key must start with a letter or digit and contain only letters, digits, ., _ and -");
