import { afterEach, describe, expect, it } from "vitest";
import { resetConfigCache } from "../config";
import { checkAllowedHost, resolveAllowed } from "./network";

// The network policy shared by every plugin: the allowed hosts, then the private-address rule.

const setEnv = (vars: Record<string, string | undefined>) => {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfigCache();
};

describe("network policy", () => {
  afterEach(() => setEnv({ TENANTFLOW_ALLOWED_HOSTS: undefined, TENANTFLOW_HTTP_ALLOW_PRIVATE: undefined }));

  it("allows any host when no list is set", () => {
    setEnv({ TENANTFLOW_ALLOWED_HOSTS: undefined });
    expect(() => checkAllowedHost("hooks.slack.com")).not.toThrow();
  });

  it("allows only listed hosts and the hosts of a listed domain", () => {
    setEnv({ TENANTFLOW_ALLOWED_HOSTS: "api.example.com, *.corp.example" });
    expect(() => checkAllowedHost("api.example.com")).not.toThrow();
    expect(() => checkAllowedHost("API.Example.com.")).not.toThrow();
    expect(() => checkAllowedHost("git.corp.example")).not.toThrow();
    expect(() => checkAllowedHost("corp.example")).toThrow(/not among the instance's allowed hosts/);
    expect(() => checkAllowedHost("evil-corp.example")).toThrow(/TENANTFLOW_ALLOWED_HOSTS/);
    expect(() => checkAllowedHost("example.com")).toThrow(/allowed hosts/);
  });

  it("refuses loopback and private addresses unless allowed, and resolves names", async () => {
    setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: undefined });
    await expect(resolveAllowed("127.0.0.1")).rejects.toThrow(/TENANTFLOW_HTTP_ALLOW_PRIVATE/);
    await expect(resolveAllowed("[::1]")).rejects.toThrow(/loopback/);
    await expect(resolveAllowed("localhost")).rejects.toThrow(/loopback/);
    await expect(resolveAllowed("10.1.2.3")).rejects.toThrow(/private/);
    expect(await resolveAllowed("93.184.216.34")).toEqual([{ address: "93.184.216.34", family: 4 }]);
    setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: "true" });
    const local = await resolveAllowed("localhost");
    expect(local.length).toBeGreaterThan(0);
    expect(local.every((a) => a.address === "127.0.0.1" || a.address === "::1")).toBe(true);
  });

  it("applies the allowed hosts before resolving", async () => {
    setEnv({ TENANTFLOW_ALLOWED_HOSTS: "example.org", TENANTFLOW_HTTP_ALLOW_PRIVATE: "true" });
    await expect(resolveAllowed("localhost")).rejects.toThrow(/not among the instance's allowed hosts/);
  });
});
