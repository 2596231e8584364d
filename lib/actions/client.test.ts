import { describe, expect, it } from "vitest";
import { tenantIdSchema } from "../tenants/schemas";
import { ActionError, errorMessage, failureOf, fieldError, formErrors, splitErrors, unwrap } from "./client";

const failure = (status: number, message: string, details: { path?: string; message: string }[] = []) =>
  new ActionError({ status, code: "X", message, details });

describe("unwrap", () => {
  it("returns the data of a successful action", () => {
    expect(unwrap({ ok: true, data: { id: "a" } })).toEqual({ id: "a" });
  });

  it("throws the failure of a failed action as an ActionError", () => {
    const error = { status: 409, code: "CONFLICT", message: "taken", details: [] };
    expect(() => unwrap({ ok: false, error })).toThrow(ActionError);
    try {
      unwrap({ ok: false, error });
    } catch (e) {
      expect((e as ActionError).failure).toEqual(error);
    }
  });
});

describe("formErrors", () => {
  it("puts each detail at the field its path names, several joined", () => {
    const e = failure(422, "Invalid tenant", [
      { path: "id", message: "id is required" },
      { path: "name", message: "name is required" },
      { path: "name", message: "second" },
    ]);
    expect(formErrors(e, ["id", "name"])).toEqual({
      fields: { id: "id is required", name: "name is required; second" },
      message: null,
    });
  });

  it("sends a whole error of a given status to a field", () => {
    const e = failure(409, 'A tenant with id "acme" already exists');
    expect(formErrors(e, ["id", "name"], { 409: "id" })).toEqual({
      fields: { id: 'A tenant with id "acme" already exists' },
      message: null,
    });
  });

  it("keeps what no field takes as the form's message", () => {
    expect(formErrors(failure(403, "Missing permission TENANT:CREATE"), ["id"], { 409: "id" })).toEqual({
      fields: {},
      message: "Missing permission TENANT:CREATE",
    });
    expect(formErrors(failure(422, "Invalid", [{ path: "id", message: "bad id" }, { message: "other" }]), ["id"])).toEqual({
      fields: { id: "bad id" },
      message: "other",
    });
  });

  it("gives a generic message for anything that is not an action's failure", () => {
    const out = formErrors(new TypeError("Failed to fetch"), ["id"]);
    expect(out.fields).toEqual({});
    expect(out.message).toMatch(/Something went wrong/);
    expect(out.message).not.toMatch(/fetch/);
  });
});

describe("errorMessage", () => {
  it("shows an action's message and hides anything else", () => {
    expect(errorMessage(failure(404, "Token not found"))).toBe("Token not found");
    expect(errorMessage(new Error("secret internals"))).not.toMatch(/internals/);
  });
});

describe("fieldError", () => {
  it("names the first problem with a tenant id while typing", () => {
    expect(fieldError(tenantIdSchema, "production-1")).toBeNull();
    expect(fieldError(tenantIdSchema, "admin")).toMatch(/reserved/);
    expect(fieldError(tenantIdSchema, "Bad Id")).toMatch(/lowercase letter or digit/);
    expect(fieldError(tenantIdSchema, "")).toBe("id is required");
    expect(fieldError(tenantIdSchema, "a".repeat(65))).toBe("id must be at most 64 characters");
  });
});

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

describe("failureOf and errorMessage by status", () => {
  it("keeps an action's failure and turns anything else into a generic one", () => {
    const f = { status: 412, code: "PRECONDITION_FAILED", message: "version mismatch", details: [] };
    expect(failureOf(new ActionError(f))).toBe(f);
    const other = failureOf(new TypeError("Failed to fetch: ECONNREFUSED 10.0.0.1"));
    expect(other.status).toBe(0);
    expect(other.message).not.toMatch(/ECONNREFUSED/);
  });

  it("puts the page's own words on the statuses it names", () => {
    const stale = failure(412, "version mismatch");
    expect(errorMessage(stale, { 412: "Reload and try again" })).toBe("Reload and try again");
    expect(errorMessage(failure(403, "Missing permission"), { 412: "Reload and try again" })).toBe("Missing permission");
  });
});
