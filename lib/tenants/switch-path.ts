// Where switching tenant leads: the same section of the other tenant. A page of one specific
// resource (a flow, a namespace) leads to the other tenant's list of that kind.

const SECTIONS_WITH_SUBPAGES = new Set(["admin"]);

export function switchTenantPath(pathname: string, target: string): string {
  const parts = pathname.split("/").filter(Boolean); // ["ui", tenant, section, ...]
  // the tenant's home (its dashboard) leads to the other tenant's home
  if (parts[0] === "ui" && parts.length === 2 && parts[1] !== "admin" && parts[1] !== "account") return `/ui/${target}`;
  if (parts[0] !== "ui" || parts.length < 3 || parts[1] === "admin" || parts[1] === "account") {
    return `/ui/${target}/flows`;
  }
  const section = parts[2];
  const keep = SECTIONS_WITH_SUBPAGES.has(section) && parts[3] ? [section, parts[3]] : [section];
  return `/ui/${target}/${keep.map(encodeURIComponent).join("/")}`;
}
