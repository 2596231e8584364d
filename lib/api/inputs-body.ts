import "server-only";
import { config } from "../config";
import { badRequest, invalid } from "../errors";
import type { UploadedFile } from "../executions/inputs";
import { MAX_BODY_BYTES, readBytes } from "./body";

// An execution's inputs as the orchestrator's API takes them: a multipart form (fields and files)
// or a JSON object; no body at all is no inputs. The whole body is bounded before it is parsed.

const isJson = (ct: string) => /^application\/([\w.+-]+\+)?json\b/i.test(ct);
const isMultipart = (ct: string) => /^multipart\/form-data\b/i.test(ct);
const isForm = (ct: string) => /^application\/x-www-form-urlencoded\b/i.test(ct);

/** At most this many inputs in one request. */
const MAX_INPUTS = 500;

export async function readInputsBody(req: Request): Promise<Record<string, unknown>> {
  const ct = req.headers.get("content-type") ?? "";
  const declared = req.headers.get("content-length");
  if (!ct && (!req.body || declared === "0")) return {};
  if (isJson(ct)) {
    const text = new TextDecoder().decode(await readBytes(req, MAX_BODY_BYTES));
    if (text.trim() === "") return {};
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw badRequest("The body is not valid JSON");
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      throw invalid("The request breaks a rule", [{ path: "inputs", message: "the inputs must be a JSON object of input id -> value" }]);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== "__proto__") out[k] = v;
    if (Object.keys(out).length > MAX_INPUTS) throw invalid("Too many inputs", [{ path: "inputs", message: `at most ${MAX_INPUTS} inputs` }]);
    return out;
  }
  if (!isMultipart(ct) && !isForm(ct)) throw badRequest("Send the inputs as multipart/form-data or as a JSON object (Content-Type: application/json)");
  const bytes = await readBytes(req, config().maxFileSize + MAX_BODY_BYTES, "The request is larger than the file size limit");
  let form: FormData;
  try {
    form = await new Response(new Blob([Buffer.from(bytes)]), { headers: { "content-type": ct } }).formData();
  } catch {
    throw badRequest("The body is not a valid form");
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key === "__proto__") continue;
    if (Object.keys(out).length >= MAX_INPUTS) throw invalid("Too many inputs", [{ path: "inputs", message: `at most ${MAX_INPUTS} inputs` }]);
    if (typeof value === "string") out[key] = value;
    else out[key] = { filename: value.name, body: new Uint8Array(await value.arrayBuffer()), contentType: value.type || undefined } satisfies UploadedFile;
  }
  return out;
}
