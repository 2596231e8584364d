import { describe, expect, it } from "vitest";
import { SecretDecryptError, decryptSecret, encryptSecret, keyCheckMatches, makeKeyCheck, tenantKey } from "./crypto";

const KEY = "unit-test-instance-key-0123456789abcdef";
const OTHER = "another-instance-key-0123456789abcdef!!";
const at = { tenantId: "acme", namespace: "company.team", key: "DB_PASSWORD" };

describe("secret encryption", () => {
  it("round-trips a value, with a fresh IV each time and a versioned format", () => {
    const value = "pa55 wörd ✓ " + "x".repeat(1000);
    const a = encryptSecret(KEY, at, value);
    const b = encryptSecret(KEY, at, value);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("pa55");
    expect(Buffer.from(a.slice(3), "base64").toString("latin1")).not.toContain("pa55");
    expect(decryptSecret(KEY, at, a)).toBe(value);
    expect(decryptSecret(KEY, at, b)).toBe(value);
  });

  it("derives a different key per tenant", () => {
    expect(tenantKey(KEY, "acme").equals(tenantKey(KEY, "acme"))).toBe(true);
    expect(tenantKey(KEY, "acme").equals(tenantKey(KEY, "other"))).toBe(false);
    expect(tenantKey(KEY, "acme").length).toBe(32);
  });

  it("refuses a ciphertext moved to another tenant, namespace or key, or opened with another instance key", () => {
    const sealed = encryptSecret(KEY, at, "v");
    for (const moved of [{ ...at, tenantId: "other" }, { ...at, namespace: "company" }, { ...at, namespace: "" }, { ...at, key: "DB_PASSWORD2" }]) {
      expect(() => decryptSecret(KEY, moved, sealed)).toThrow(SecretDecryptError);
    }
    expect(() => decryptSecret(OTHER, at, sealed)).toThrow(SecretDecryptError);
  });

  it("refuses a tampered or unknown-format ciphertext", () => {
    const sealed = encryptSecret(KEY, at, "value");
    const raw = Buffer.from(sealed.slice(3), "base64");
    raw[raw.length - 1] ^= 1;
    expect(() => decryptSecret(KEY, at, `v1:${raw.toString("base64")}`)).toThrow(SecretDecryptError);
    expect(() => decryptSecret(KEY, at, sealed.replace("v1:", "v9:"))).toThrow(SecretDecryptError);
    expect(() => decryptSecret(KEY, at, "v1:AAAA")).toThrow(SecretDecryptError);
  });

  it("has a key-check value that only the same instance key opens", () => {
    const check = makeKeyCheck(KEY);
    expect(keyCheckMatches(KEY, check)).toBe(true);
    expect(keyCheckMatches(OTHER, check)).toBe(false);
    expect(keyCheckMatches(KEY, "garbage")).toBe(false);
  });
});
