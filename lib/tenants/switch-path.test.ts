import { describe, expect, it } from "vitest";
import { switchTenantPath } from "./switch-path";

describe("switchTenantPath", () => {
  it("keeps the tenant's home, and the section of a list page", () => {
    expect(switchTenantPath("/ui/acme", "beta")).toBe("/ui/beta");
    expect(switchTenantPath("/ui/acme/executions", "beta")).toBe("/ui/beta/executions");
    expect(switchTenantPath("/ui/acme/executions/team.a/flow/abc123", "beta")).toBe("/ui/beta/executions");
    expect(switchTenantPath("/ui/acme/flows/team.a/flow", "beta")).toBe("/ui/beta/flows");
    expect(switchTenantPath("/ui/admin", "beta")).toBe("/ui/beta/flows");
    expect(switchTenantPath("/ui/account", "beta")).toBe("/ui/beta/flows");
  });
});
