import { describe, expect, it } from "vitest";
import { MANAGED_ROLES } from "../authz/permissions";
import { grantCount, plural, sameGrants } from "./grant-summary";

describe("grant summaries", () => {
  it("counts permission:action pairs", () => {
    expect(grantCount(MANAGED_ROLES.Admin.grants)).toEqual({ granted: 44, of: 44 });
    expect(grantCount(MANAGED_ROLES.Viewer.grants)).toEqual({ granted: 4, of: 44 });
    expect(grantCount({})).toEqual({ granted: 0, of: 44 });
  });

  it("compares grants regardless of key and action order, empty lists being no grant", () => {
    expect(sameGrants({ FLOW: ["READ", "CREATE"], ROLE: [] }, { FLOW: ["CREATE", "READ"] })).toBe(true);
    expect(sameGrants({ FLOW: ["READ"] }, { FLOW: ["READ", "UPDATE"] })).toBe(false);
  });

  it("pluralises", () => {
    expect(plural(1, "binding")).toBe("1 binding");
    expect(plural(0, "binding")).toBe("0 bindings");
  });
});
