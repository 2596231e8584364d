import { badRequest } from "../errors";

/** Reads `If-Match: "<n>"` as a version number; undefined when absent. */
export function ifMatchVersion(req: Request): number | undefined {
  const header = req.headers.get("if-match");
  if (header === null) return undefined;
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!m) throw badRequest('If-Match must name a revision, e.g. If-Match: "3"');
  return Number(m[1]);
}

export const etag = (version: number) => `"${version}"`;
