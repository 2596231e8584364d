import "server-only";
import { badRequest, payloadTooLarge } from "../errors";

/**
 * A request body as bytes, read chunk by chunk and abandoned (413) as soon as it passes `limit`:
 * an unlimited body is never held in memory. A declared Content-Length over the limit is refused
 * before anything is read.
 */
export async function readUpload(req: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => payloadTooLarge(`The file is larger than the limit of ${limit} bytes`);
  if (/^multipart\//i.test(req.headers.get("content-type") ?? "")) {
    throw badRequest("Send the file's bytes as the request body (not multipart/form-data)");
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge();
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
