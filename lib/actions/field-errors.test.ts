import { describe, expect, it } from "vitest";
import { splitErrors } from "./field-errors";

describe("splitErrors", () => {
  it("puts each detail on the field its path starts with, joining several", () => {
    const { fields, rest } = splitErrors(
      {
        status: 422,
        code: "VALIDATION_FAILED",
        message: "Invalid role",
        details: [
          { path: "name", message: "role name is required" },
          { path: "permissions.FLOW.0", message: "Invalid option" },
          { path: "permissions.BOGUS", message: "Invalid key" },
          { path: "tenant", message: "Required" },
          { message: "something general" },
        ],
      },
      ["name", "description", "permissions"] as const,
    );
    expect(fields).toEqual({ name: "role name is required", permissions: "Invalid option; Invalid key" });
    expect(rest).toEqual(["tenant: Required", "something general"]);
  });

  it("has nothing to say without an error", () => {
    expect(splitErrors(null, ["name"])).toEqual({ fields: {}, rest: [] });
  });
});
