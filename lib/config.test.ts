import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

function yamlFile(text: string) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tf-config-")), "tenantflow.yaml");
  fs.writeFileSync(file, text);
  return file;
}

describe("configuration", () => {
  it("has the documented defaults", () => {
    const c = loadConfig({ TENANTFLOW_CONFIG: "/nonexistent/tenantflow.yaml" });
    expect(c.databaseUrl).toBe("file:./data/tenantflow.db");
    expect(c.tenantsEnabled).toBe(false);
    expect(c.tenantsDefaultTenant).toBe(true);
    expect(c.storageRoot).toBe("./data/storage");
    expect(c.trustedProxies).toBe("");
  });

  it("reads the trusted proxies from the environment or as a YAML list", () => {
    expect(loadConfig({ TENANTFLOW_CONFIG: "/nonexistent.yaml", TENANTFLOW_TRUSTED_PROXIES: "10.0.0.1,fd00::/8" }).trustedProxies).toBe("10.0.0.1,fd00::/8");
    const file = yamlFile("server:\n  trustedProxies: [10.0.0.1, 192.168.0.0/16]\n");
    expect(loadConfig({ TENANTFLOW_CONFIG: file }).trustedProxies).toBe("10.0.0.1,192.168.0.0/16");
  });

  it("reads tenantflow.yaml, and the environment wins over it", () => {
    const file = yamlFile("tenants:\n  enabled: true\n  defaultTenant: false\nstorage:\n  root: /srv/files\n");
    const fromYaml = loadConfig({ TENANTFLOW_CONFIG: file });
    expect(fromYaml.tenantsEnabled).toBe(true);
    expect(fromYaml.tenantsDefaultTenant).toBe(false);
    expect(fromYaml.storageRoot).toBe("/srv/files");
    const overridden = loadConfig({ TENANTFLOW_CONFIG: file, TENANTS_DEFAULT_TENANT: "true", TENANTFLOW_STORAGE_ROOT: "/x" });
    expect(overridden.tenantsDefaultTenant).toBe(true);
    expect(overridden.storageRoot).toBe("/x");
  });

  it.each([
    ["TENANTS_ENABLED", "maybe", /TENANTS_ENABLED/],
    ["DATABASE_URL", "mysql://x", /DATABASE_URL: must start with file: \(SQLite\) or postgresql:\/\//],
    ["TENANTFLOW_SECRET_KEY", "short", /TENANTFLOW_SECRET_KEY: must be at least 32 characters/],
    ["ADMIN_PASSWORD", "123", /ADMIN_PASSWORD: must be at least 8 characters/],
    ["TENANTFLOW_TRUSTED_PROXIES", "10.0.0.1, proxy.local", /TENANTFLOW_TRUSTED_PROXIES: must be IP addresses or CIDR ranges/],
    ["TENANTFLOW_TRUSTED_PROXIES", "10.0.0.0/33", /TENANTFLOW_TRUSTED_PROXIES: .*prefix length/],
  ])("refuses a bad %s with one line naming it", (name, value, message) => {
    const load = () => loadConfig({ TENANTFLOW_CONFIG: "/nonexistent.yaml", [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
    try {
      load();
    } catch (e) {
      expect((e as Error).message.split("\n")).toHaveLength(1);
    }
  });

  it("refuses a tenantflow.yaml that is not YAML", () => {
    const file = yamlFile("tenants: [unclosed\n");
    expect(() => loadConfig({ TENANTFLOW_CONFIG: file })).toThrow(/not valid YAML/);
  });
});
