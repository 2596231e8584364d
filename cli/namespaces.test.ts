import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ctxOf, makeTenant, makeUser, uniq } from "@/tests/helpers";
import { createFlow } from "@/lib/flows/flows";
import { cli } from "@/tests/cli";

describe("tenantflow namespaces", () => {
  it("shows and updates a namespace's concurrency limit and default worker group, audited as the command line", async () => {
    const admin = await makeUser();
    const tenant = await makeTenant(admin);
    const ctx = await ctxOf(admin, tenant.id);
    // a namespace that exists through its flow only
    await createFlow(ctx, "id: hello\nnamespace: company.team\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n");
    expect(await cli("namespaces", "show", "--tenant", tenant.id, "company.team")).toEqual({
      code: 0,
      out: "namespace company.team: concurrency limit none, worker group inherited (no settings of its own)",
      err: "",
    });

    const group = uniq("nsgrp");
    await cli("worker-groups", "create", group);
    expect(await cli("namespaces", "update", "--tenant", tenant.id, "company.team", "--concurrency-limit", "3", "--worker-group", group)).toEqual({
      code: 0,
      out: `namespace company.team: concurrency limit 3, worker group ${group}`,
      err: "",
    });
    const row = await db.namespace.findFirst({ where: { tenantId: tenant.id, name: "company.team" } });
    expect(row).toMatchObject({ concurrencyLimit: 3, workerGroup: group });
    expect(await cli("namespaces", "update", "--tenant", tenant.id, "company.team", "--concurrency-limit", "none", "--worker-group", "none")).toMatchObject({
      code: 0,
      out: "namespace company.team: concurrency limit none, worker group inherited",
    });
    expect(await db.namespace.findFirst({ where: { tenantId: tenant.id, name: "company.team" } })).toMatchObject({ concurrencyLimit: null, workerGroup: null });
    const audited = await db.auditLog.findMany({ where: { tenantId: tenant.id, resourceType: "NAMESPACE", resourceId: "company.team" }, orderBy: { id: "asc" } });
    expect(audited.map((e) => [e.action, e.via])).toEqual([
      ["CREATE", "cli"],
      ["UPDATE", "cli"],
      ["UPDATE", "cli"],
    ]);
  });

  it("refuses bad input with a clear message and changes nothing", async () => {
    const tenant = await makeTenant();
    const before = await db.namespace.count({ where: { tenantId: tenant.id } });
    for (const [argv, code, message] of [
      [["namespaces", "update", "--tenant", tenant.id, "nowhere"], 2, "nothing to change"],
      [["namespaces", "update", "company", "--concurrency-limit", "2"], 2, "need --tenant T"],
      [["namespaces", "update", "--tenant", "no-such-tenant", "company", "--concurrency-limit", "2"], 2, "tenant no-such-tenant not found"],
      [["namespaces", "update", "--tenant", tenant.id, "nowhere", "--concurrency-limit", "2"], 1, "Namespace not found"],
      [["namespaces", "update", "--tenant", tenant.id, "nowhere", "--concurrency-limit", "x"], 2, "--concurrency-limit must be a whole number or none"],
      [["namespaces", "update", "--tenant", tenant.id, "Bad..Name", "--concurrency-limit", "2"], 1, "amespace"],
      [["namespaces", "show", "--tenant", tenant.id], 2, "namespaces show --tenant T NAMESPACE"],
    ] as const) {
      const r = await cli(...argv);
      expect(r.code, argv.join(" ")).toBe(code);
      expect(r.err).toContain(message);
    }
    expect(await db.namespace.count({ where: { tenantId: tenant.id } })).toBe(before);
  });
});
