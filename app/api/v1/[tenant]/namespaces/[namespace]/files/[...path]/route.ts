import { withTenant } from "@/lib/api/handler";
import { createFolder, deleteFile, moveFile, readFile, writeFile } from "@/lib/files/files";
import { pathFromSegments } from "@/lib/files/paths";

/** Downloads the file's bytes, always as an attachment (never rendered on this origin). */
export const GET = withTenant("GET /api/v1/{tenant}/namespaces/{namespace}/files/{path}", async (_req, { ctx, params }) => {
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
export const PUT = withTenant("PUT /api/v1/{tenant}/namespaces/{namespace}/files/{path}", async (_req, { ctx, params, body }) => {
  const { file, created } = await writeFile(ctx, params.namespace, pathFromSegments(params.path), body, "upsert");
  return Response.json(file, { status: created ? 201 : 200 });
});

/** {"action":"move","to":"new/path"} renames a file or folder; {"action":"createFolder"} makes an empty folder. */
export const POST = withTenant("POST /api/v1/{tenant}/namespaces/{namespace}/files/{path}", async (_req, { ctx, params, body }) => {
  const path = pathFromSegments(params.path);
  if (body.action === "createFolder") return Response.json(await createFolder(ctx, params.namespace, path), { status: 201 });
  return moveFile(ctx, params.namespace, path, body.to);
});

/** Deletes a file, or a folder with everything in it. */
export const DELETE = withTenant("DELETE /api/v1/{tenant}/namespaces/{namespace}/files/{path}", async (_req, { ctx, params }) => deleteFile(ctx, params.namespace, pathFromSegments(params.path)));
