import { readBody } from "@/lib/api/body";
import { withTenant } from "@/lib/api/handler";
import { config } from "@/lib/config";
import { createFolder, deleteFile, moveFile, readFile, writeFile } from "@/lib/files/files";
import { pathFromSegments } from "@/lib/files/paths";
import { fileAction } from "@/lib/files/schemas";
import { readUpload } from "@/lib/files/upload";

type Params = { tenant: string; namespace: string; path: string[] };

/** Downloads the file's bytes, always as an attachment (never rendered on this origin). */
export const GET = withTenant<Params>("GET /api/v1/{tenant}/namespaces/{namespace}/files/{path}", async (_req, { ctx, params }) => {
  const { file, body } = await readFile(ctx, params.namespace, pathFromSegments(params.path));
  return new Response(body as BodyInit, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(body.byteLength),
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
});

/** Uploads the raw body as the file: 201 when created, 200 when replaced; 413 over the size limit. */
export const PUT = withTenant<Params>("PUT /api/v1/{tenant}/namespaces/{namespace}/files/{path}", async (req, { ctx, params }) => {
  const path = pathFromSegments(params.path);
  const body = await readUpload(req, config().maxFileSize);
  const { file, created } = await writeFile(ctx, params.namespace, path, body, "upsert");
  return Response.json(file, { status: created ? 201 : 200 });
});

/** {"action":"move","to":"new/path"} renames a file or folder; {"action":"createFolder"} makes an empty folder. */
export const POST = withTenant<Params>("POST /api/v1/{tenant}/namespaces/{namespace}/files/{path}", async (req, { ctx, params }) => {
  const path = pathFromSegments(params.path);
  const input = await readBody(req, fileAction);
  if (input.action === "createFolder") return Response.json(await createFolder(ctx, params.namespace, path), { status: 201 });
  return moveFile(ctx, params.namespace, path, input.to);
});

/** Deletes a file, or a folder with everything in it. */
export const DELETE = withTenant<Params>("DELETE /api/v1/{tenant}/namespaces/{namespace}/files/{path}", async (_req, { ctx, params }) => deleteFile(ctx, params.namespace, pathFromSegments(params.path)));
