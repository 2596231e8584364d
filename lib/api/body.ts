import "server-only";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { badRequest, invalid, payloadTooLarge, zodDetails } from "../errors";

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a request body as bytes, refusing anything over the limit with 413 as soon as the limit
 * passes: a declared Content-Length is checked first, and a chunked body is counted as it streams
 * (never buffered whole before the check).
 */
export async function readBytes(req: Request, limit = MAX_BODY_BYTES, tooLargeMessage = `Request body exceeds ${limit} bytes`): Promise<Uint8Array> {
  const tooLarge = () => payloadTooLarge(tooLargeMessage);
  const declared = req.headers.get("content-length");
  if (declared !== null && (!/^\d+$/.test(declared.trim()) || Number(declared) > limit)) {
    if (/^\d+$/.test(declared.trim())) {
      if (req.body) discardRest(req.body.getReader());
      throw tooLarge();
    }
    throw badRequest("Content-Length is not a number");
  }
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // the 413 is answered at once; the rest of the body is read and dropped meanwhile (see discardRest)
      discardRest(reader);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** How much of a refused body is read and dropped before its connection is torn down. */
const DISCARD_BYTES = 64 * 1024 * 1024;

/**
 * The rest of a refused body, read and dropped in the background (nothing kept). Cancelling at once
 * would tear the connection down before the 413 reached the client; leaving it unread would leave
 * the connection open, its unread bytes in the buffers, with nobody reading it to see the client
 * go, until the server's timeouts (and a stop of the server waiting for it). A client still sending
 * past DISCARD_BYTES has its connection cancelled.
 */
function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>) {
  void (async () => {
    let dropped = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        dropped += value.byteLength;
        if (dropped > DISCARD_BYTES) {
          await reader.cancel();
          return;
        }
      }
    } catch {
      // the client went away: nothing left to read
    }
  })();
}

/** Reads a request body as UTF-8 text, with readBytes' limit. */
export async function readText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  return new TextDecoder("utf-8", { fatal: false }).decode(await readBytes(req, limit));
}

const isJson = (ct: string) => /^application\/([\w.+-]+\+)?json\b/i.test(ct);
const isYaml = (ct: string) => /^(application|text)\/(x-)?yaml\b/i.test(ct);

/**
 * A file upload: the raw body's bytes, never multipart, abandoned (413) as soon as it passes the
 * limit, so an unlimited body is never held in memory.
 */
export async function readUpload(req: Request, limit: number): Promise<Uint8Array> {
  if (/^multipart\//i.test(req.headers.get("content-type") ?? "")) {
    throw badRequest("Send the file's bytes as the request body (not multipart/form-data)");
  }
  return readBytes(req, limit, `The file is larger than the limit of ${limit} bytes`);
}

/**
 * Parses a JSON (or YAML) body and validates it: 400 when unparseable, 422 when it breaks a rule.
 * The value is handed on as it was sent (the schema's input), for the domain function to read.
 */
export async function readBody<S extends z.ZodType>(req: Request, schema: S, limit = MAX_BODY_BYTES): Promise<z.input<S>> {
  const ct = req.headers.get("content-type") ?? "";
  if (!isJson(ct) && !isYaml(ct)) throw badRequest("Send a JSON body with Content-Type: application/json");
  const text = await readText(req, limit);
  let value: unknown;
  try {
    value = isJson(ct) ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch {
    throw badRequest(isJson(ct) ? "The body is not valid JSON" : "The body is not valid YAML");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid("The request breaks a rule", zodDetails(parsed.error.issues));
  return value as z.input<S>;
}
