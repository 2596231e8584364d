import { describe, expect, it } from "vitest";
import { fieldError } from "../actions/client";
import { tokenExpirySchema, tokenNameSchema, tokenState } from "./schemas";

describe("token form schemas", () => {
  it("accepts the expiries users write, and none", () => {
    for (const v of ["", "30d", "12h", "P30D", "PT1H30M", " 7d "]) expect(fieldError(tokenExpirySchema, v)).toBeNull();
  });

  it("refuses an expiry that is not a positive duration", () => {
    for (const v of ["soon", "30", "0d", "P", "-1d"]) {
      expect(fieldError(tokenExpirySchema, v)).toBe("use a duration such as 30d, 12h or P30D");
    }
  });

  it("requires a name of at most 100 characters", () => {
    expect(fieldError(tokenNameSchema, "  ")).toBe("a token needs a name");
    expect(fieldError(tokenNameSchema, "x".repeat(101))).toMatch(/at most 100/);
    expect(fieldError(tokenNameSchema, "ci")).toBeNull();
  });
});

describe("tokenState", () => {
  const now = new Date("2025-06-01T00:00:00Z");
  it("is revoked once revoked, expired past its expiry, else active", () => {
    expect(tokenState({ revokedAt: new Date("2025-05-01"), expiresAt: null }, now)).toBe("revoked");
    expect(tokenState({ revokedAt: new Date("2025-05-01"), expiresAt: new Date("2025-01-01") }, now)).toBe("revoked");
    expect(tokenState({ revokedAt: null, expiresAt: new Date("2025-06-01T00:00:00Z") }, now)).toBe("expired");
    expect(tokenState({ revokedAt: null, expiresAt: new Date("2025-07-01") }, now)).toBe("active");
    expect(tokenState({ revokedAt: null, expiresAt: null }, now)).toBe("active");
  });
});
