import { invalid } from "../errors";

// Object keys are `<tenantId>/<namespace>/<path>`: the tenant id first (SPEC §6), so one tenant's
// objects never share a prefix with another's. Each part is checked again here, whatever the caller
// validated, so no key can climb out of its tenant's prefix.

const TENANT = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const NAMESPACE = /^[a-z0-9][a-z0-9._-]{0,149}$/;

export function tenantPrefix(tenantId: string): string {
  if (!TENANT.test(tenantId)) throw invalid("Invalid tenant id for storage");
  return `${tenantId}/`;
}

export function namespacePrefix(tenantId: string, namespace: string): string {
  if (!NAMESPACE.test(namespace) || namespace.split(".").includes("")) throw invalid("Invalid namespace for storage");
  return `${tenantPrefix(tenantId)}${namespace}/`;
}

/** True when every segment of a relative key is a plain name (no `.`/`..`, empty, `\` or control). */
export function isSafeRelativeKey(rel: string): boolean {
  if (!rel || rel.startsWith("/") || rel.length > 2048) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(rel)) return false;
  return rel.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}

export function objectKey(tenantId: string, namespace: string, filePath: string): string {
  if (!isSafeRelativeKey(filePath)) throw invalid("Invalid file path for storage");
  return `${namespacePrefix(tenantId, namespace)}${filePath}`;
}
