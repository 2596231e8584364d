import { describe, expect, it } from "vitest";
import { mergePluginDefaults, mergeVariables } from "./inheritance";

describe("mergeVariables", () => {
  it("takes each key from the nearest namespace that defines it", () => {
    const entries = mergeVariables([
      { namespace: "company.team", value: { region: "eu-west-1", owner: "team" } },
      { namespace: "company", value: { region: "us-east-1", bucket: "company-data" } },
    ]);
    expect(entries).toEqual([
      { key: "bucket", value: "company-data", namespace: "company", overrides: [] },
      { key: "owner", value: "team", namespace: "company.team", overrides: [] },
      { key: "region", value: "eu-west-1", namespace: "company.team", overrides: ["company"] },
    ]);
  });

  it("keeps structured values whole", () => {
    const [e] = mergeVariables([{ namespace: "a", value: { conf: { retries: 3, hosts: ["x", "y"] } } }]);
    expect(e.value).toEqual({ retries: 3, hosts: ["x", "y"] });
  });
});

describe("mergePluginDefaults", () => {
  const log = "io.kestra.plugin.core.log.Log";

  it("lets the nearest namespace win, property by property", () => {
    const entries = mergePluginDefaults([
      { namespace: "company.team", value: [{ type: log, values: { level: "DEBUG" } }] },
      { namespace: "company", value: [{ type: log, values: { level: "WARN", message: "hello" } }] },
    ]);
    expect(entries.map((e) => [e.property, e.value, e.namespace, e.overrides])).toEqual([
      ["level", "DEBUG", "company.team", ["company"]],
      ["message", "hello", "company", []],
    ]);
  });

  it("keeps a forced ancestor's value over nearer ones", () => {
    const entries = mergePluginDefaults([
      { namespace: "company.team.project", value: [{ type: log, values: { level: "TRACE" } }] },
      { namespace: "company.team", value: [{ type: log, values: { level: "DEBUG" } }] },
      { namespace: "company", value: [{ type: log, forced: true, values: { level: "ERROR" } }] },
    ]);
    expect(entries).toEqual([
      { type: log, property: "level", value: "ERROR", namespace: "company", forced: true, overrides: ["company.team", "company.team.project"] },
    ]);
  });

  it("lets the furthest of two forcing ancestors win", () => {
    const entries = mergePluginDefaults([
      { namespace: "a.b", value: [{ type: log, forced: true, values: { level: "INFO" } }] },
      { namespace: "a", value: [{ type: log, forced: true, values: { level: "ERROR" } }] },
    ]);
    expect(entries[0]).toMatchObject({ value: "ERROR", namespace: "a", forced: true });
  });

  it("forces only the properties the forced default sets", () => {
    const entries = mergePluginDefaults([
      { namespace: "a.b", value: [{ type: log, values: { level: "INFO", message: "near" } }] },
      { namespace: "a", value: [{ type: log, forced: true, values: { level: "ERROR" } }] },
    ]);
    expect(Object.fromEntries(entries.map((e) => [e.property, e.value]))).toEqual({ level: "ERROR", message: "near" });
  });

  it("keeps types apart", () => {
    const entries = mergePluginDefaults([
      { namespace: "a", value: [{ type: log, values: { level: "INFO" } }, { type: "io.kestra.plugin.core.http.Request", values: { method: "GET" } }] },
    ]);
    expect(entries.map((e) => e.type)).toEqual(["io.kestra.plugin.core.http.Request", log]);
  });
});
