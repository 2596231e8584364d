import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { freshInstance } from "./fresh-db";

describe("npm run db:seed", () => {
  it("fills a new instance with two tenants, nested namespaces, flows and a user per managed role, once", { timeout: 120_000 }, async () => {
    const inst = await freshInstance({ TENANTS_ENABLED: "true" });
    try {
      const run = () => spawnSync(process.execPath, ["bin/tenantflow-script.mjs", "scripts/seed.ts"], { env: inst.env, encoding: "utf8" });
      const first = run();
      expect(first.status).toBe(0);
      expect(first.stdout).toContain("password for every demo user");
      for (const tenant of ["main", "acme"]) {
        expect(await inst.db.flow.count({ where: { tenantId: tenant } })).toBe(5);
        expect(await inst.db.namespace.count({ where: { tenantId: tenant } })).toBe(2);
        const roles = await inst.db.binding.findMany({ where: { tenantId: tenant, user: { username: { contains: "@demo." } } }, include: { role: true } });
        expect(roles.map((b) => b.role.name).sort()).toEqual(["Admin", "Developer", "Editor", "Launcher", "Viewer"]);
      }
      const second = run();
      expect(second.status).toBe(1);
      expect(second.stderr).toContain("already holds flows");
      expect(await inst.db.flow.count()).toBe(10);
    } finally {
      await inst.close();
    }
  });
});
