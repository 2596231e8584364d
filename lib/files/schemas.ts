import { z } from "zod";

// Bodies of POST /namespaces/{namespace}/files/{path}: rename or move, or create an empty folder.
export const fileAction = z.discriminatedUnion(
  "action",
  [
    z.object({ action: z.literal("move"), to: z.string().min(1, "to is required").max(600) }).strict(),
    z.object({ action: z.literal("createFolder") }).strict(),
  ],
  { error: 'action must be "move" or "createFolder"' },
);

export const fileEntrySchema = z.object({
  path: z.string(),
  name: z.string(),
  type: z.enum(["file", "folder"]),
  size: z.number().int(),
  contentType: z.string(),
  updated: z.string().nullable(),
});
