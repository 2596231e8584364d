import "server-only";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { badRequest, invalid, payloadTooLarge, zodDetails } from "../errors";

export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a request body as text, refusing anything over the limit with 413. */
export async function readText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw payloadTooLarge(`Request body exceeds ${limit} bytes`);
  const buf = await req.arrayBuffer();
  if (buf.byteLength > limit) throw payloadTooLarge(`Request body exceeds ${limit} bytes`);
  return new TextDecoder("utf-8", { fatal: false }).decode(buf);
}

const isJson = (ct: string) => /^application\/([\w.+-]+\+)?json\b/i.test(ct);
const isYaml = (ct: string) => /^(application|text)\/(x-)?yaml\b/i.test(ct);

/** Parses a JSON (or YAML) body and validates it: 400 when unparseable, 422 when it breaks a rule. */
export async function readBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const ct = req.headers.get("content-type") ?? "";
  if (!isJson(ct) && !isYaml(ct)) throw badRequest("Send a JSON body with Content-Type: application/json");
  const text = await readText(req);
  let value: unknown;
  try {
    value = isJson(ct) ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch {
    throw badRequest(isJson(ct) ? "The body is not valid JSON" : "The body is not valid YAML");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid("The request breaks a rule", zodDetails(parsed.error.issues));
  return parsed.data;
}
