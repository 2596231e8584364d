import { describe, expect, it } from "vitest";
import { RESERVED_TENANT_IDS, tenantIdSchema, tenantInput } from "./schemas";

const message = (id: unknown) => {
  const r = tenantIdSchema.safeParse(id);
  return r.success ? null : r.error.issues[0].message;
};

describe("tenant id", () => {
  it.each(["a", "dev", "production", "team-1", "team_2", "0abc", "a".repeat(64)])("accepts %j", (id) =>
    expect(message(id)).toBeNull(),
  );

  it.each([
    ["", "id is required"],
    ["a".repeat(65), "at most 64 characters"],
    ["Dev", "lowercase"],
    ["-dev", "must start with a lowercase letter or digit"],
    ["_dev", "must start with a lowercase letter or digit"],
    ["dev.team", "only lowercase letters, digits, _ and -"],
    ["dev team", "only lowercase letters, digits, _ and -"],
    ["dév", "only lowercase letters, digits, _ and -"],
    ["dev/x", "only lowercase letters, digits, _ and -"],
    ["dev\n", "only lowercase letters, digits, _ and -"],
  ])("refuses %j", (id, expected) => expect(message(id)).toContain(expected));

  it("refuses a non-string id", () => expect(message(42)).toBeTruthy());

  it.each([
    "api",
    "ui",
    "admin",
    "login",
    "logout",
    "tenants",
    "flows",
    "namespaces",
    "executions",
    "logs",
    "secrets",
    "kv",
    "files",
    "users",
    "groups",
    "roles",
    "bindings",
    "auditlogs",
    "settings",
    "me",
    "search",
    "openapi.json",
    "health",
  ])("reserves the route word %j", (id) => {
    expect(RESERVED_TENANT_IDS).toContain(id);
    expect(message(id)).toMatch(/reserved|only lowercase/);
  });

  it("validates name and description lengths", () => {
    expect(tenantInput.safeParse({ id: "x", name: "" }).success).toBe(false);
    expect(tenantInput.safeParse({ id: "x", name: "n".repeat(201) }).success).toBe(false);
    expect(tenantInput.safeParse({ id: "x", name: "n".repeat(200) }).success).toBe(true);
    expect(tenantInput.safeParse({ id: "x", name: "n", description: "d".repeat(2001) }).success).toBe(false);
  });
});
