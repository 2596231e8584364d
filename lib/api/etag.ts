import { badRequest, preconditionFailed } from "../errors";

/** Versions and revisions are 32-bit integer columns: no stored row can carry a larger one. */
const MAX_VERSION = 2_147_483_647;

/**
 * Reads `If-Match: "<n>"` as a version number; undefined when absent. The one parser of the
 * header: a number past any version is a precondition that cannot hold (412), checked here
 * because it would otherwise reach the database as a value its integer column refuses.
 */
export function ifMatchVersion(req: Request): number | undefined {
  const header = req.headers.get("if-match");
  if (header === null) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,1000})"?\s*$/.exec(header);
  if (!m) throw badRequest('If-Match must name a revision, e.g. If-Match: "3"');
  const digits = m[1].replace(/^0+(?=\d)/, "");
  if (digits.length > 10 || Number(digits) > MAX_VERSION) {
    throw preconditionFailed(`If-Match names version ${digits.length > 12 ? `${digits.slice(0, 12)}…` : digits}, which does not exist`);
  }
  return Number(digits);
}

export const etag = (version: number) => `"${version}"`;
