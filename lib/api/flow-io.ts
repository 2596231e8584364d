import "server-only";
import type { FlowView } from "../flows/flows";
import { badRequest } from "../errors";
import { readText } from "./body";

const FLOW_TYPES = /^(application\/(x-)?yaml|text\/(x-)?yaml|application\/json|text\/plain)\b/i;

/** A flow's source from a request body: YAML (or JSON, which is YAML too), kept verbatim. */
export async function readFlowSource(req: Request): Promise<string> {
  const ct = req.headers.get("content-type") ?? "";
  if (!FLOW_TYPES.test(ct)) throw badRequest("Send the flow as YAML with Content-Type: application/x-yaml");
  const text = await readText(req);
  if (!text.trim()) throw badRequest("The request body is empty: send the flow's YAML");
  return text;
}

export const wantsYaml = (req: Request) => /\b(application|text)\/(x-)?yaml\b/i.test(req.headers.get("accept") ?? "");

/** The SPEC §5 shape of a flow, or its YAML verbatim when the client asks for YAML. */
export function flowResponse(req: Request, flow: FlowView, status = 200): Response {
  const headers = { ETag: `"${flow.revision}"` };
  if (wantsYaml(req)) {
    return new Response(flow.source, { status, headers: { ...headers, "Content-Type": "application/x-yaml; charset=utf-8" } });
  }
  const { id, namespace, revision, source, description, labels, updated, warnings } = flow;
  // a save's warnings (a type whose plugin is not installed, a malformed expression): it saved all the same
  const found = warnings?.length ? { warnings: warnings.map(({ path, line, column, message }) => ({ path, line, column, message })) } : {};
  return Response.json({ id, namespace, revision, source, description, labels, updated, ...found }, { status, headers });
}
