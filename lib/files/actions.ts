"use server";
import { z } from "zod";
import { tenantAction } from "../actions/safe-action";
import { createFolder, deleteFile, moveFile, writeFile } from "./files";

// The Files tab's mutations; uploads go through PUT /api/v1/{tenant}/namespaces/{namespace}/files/{path}.
const target = z.object({ tenant: z.string().min(1), namespace: z.string().min(1), path: z.string().min(1).max(600) });
const withContent = target.extend({ content: z.string() });
const bytes = (s: string) => new TextEncoder().encode(s);

export const createFileAction = tenantAction(
  "createFileAction",
  withContent,
  async (i, ctx) => (await writeFile(ctx, i.namespace, i.path, bytes(i.content), "create")).file,
);

export const saveFileAction = tenantAction(
  "saveFileAction",
  withContent,
  async (i, ctx) => (await writeFile(ctx, i.namespace, i.path, bytes(i.content), "update")).file,
);

export const createFolderAction = tenantAction("createFolderAction", target, (i, ctx) => createFolder(ctx, i.namespace, i.path));

export const moveFileAction = tenantAction("moveFileAction", target.extend({ to: z.string().min(1).max(600) }), (i, ctx) =>
  moveFile(ctx, i.namespace, i.path, i.to),
);

export const deleteFileAction = tenantAction("deleteFileAction", target, (i, ctx) => deleteFile(ctx, i.namespace, i.path));
