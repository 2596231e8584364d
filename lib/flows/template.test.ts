import { describe, expect, it } from "vitest";
import { newFlowTemplate, templateNamespace } from "./template";
import { validateFlowSource } from "./validation";

describe("the new-flow template", () => {
  it("is a valid flow in the namespace asked for", () => {
    const result = validateFlowSource(newFlowTemplate("marketing.emails"));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.flow.namespace).toBe("marketing.emails");
      expect(result.flow.id).toBe("new_flow");
      expect(result.flow.tasks).toEqual([expect.objectContaining({ type: "io.kestra.plugin.core.log.Log" })]);
    }
  });

  it("falls back to company.team, or the given namespace, when none or an invalid one is asked for", () => {
    expect(validateFlowSource(newFlowTemplate()).ok).toBe(true);
    expect(newFlowTemplate()).toContain("namespace: company.team\n");
    expect(templateNamespace("Not A Namespace")).toBe("company.team");
    expect(templateNamespace("a..b", "ops")).toBe("ops");
    expect(templateNamespace(null, "ops")).toBe("ops");
    expect(templateNamespace(" data.eng ")).toBe("data.eng");
  });
});
