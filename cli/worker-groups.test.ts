import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeTenant, uniq } from "@/tests/helpers";
import { cli } from "@/tests/cli";

describe("tenantflow worker-groups", () => {
  it("creates, lists, updates and deletes a group, audited, with clear output", async () => {
    const key = uniq("gpu");
    const [a, b] = [(await makeTenant()).id, (await makeTenant()).id];
    expect(await cli("worker-groups", "create", key, "--description", "GPU boxes", "--tenant", a, "--tenant", b)).toEqual({
      code: 0,
      out: `created worker group ${key} (tenants: ${[a, b].sort().join(",")})`,
      err: "",
    });
    await db.worker.create({ data: { id: uniq("w"), workerGroup: key, host: "box", pid: 77, concurrency: 3, running: 1 } });
    const list = await cli("worker-groups", "list");
    expect(list.code).toBe(0);
    expect(list.out).toContain(`${key}\ttenants: ${[a, b].sort().join(",")}\tworkers: 1\tGPU boxes`);
    expect(list.out).toMatch(/box:77\trunning 1\/3\theartbeat \d+s ago/);

    expect(await cli("worker-groups", "update", key, "--all-tenants")).toMatchObject({ code: 0, out: `updated worker group ${key} (tenants: every tenant)` });
    expect(await cli("worker-groups", "update", key)).toMatchObject({ code: 2 });
    expect(await cli("worker-groups", "create", key)).toMatchObject({ code: 1, err: expect.stringContaining(`A worker group with key "${key}" already exists`) });
    expect(await cli("worker-groups", "create", uniq("x"), "--tenant", "no-such-tenant")).toMatchObject({ code: 1, err: expect.stringContaining("unknown tenant no-such-tenant") });

    expect(await cli("worker-groups", "delete", key)).toMatchObject({ code: 0, out: `deleted worker group ${key}` });
    expect(await db.workerGroup.count({ where: { key } })).toBe(0);
    const audited = await db.instanceAuditLog.findMany({ where: { resourceType: "WORKER_GROUP", resourceId: key }, orderBy: { id: "asc" } });
    expect(audited.map((e) => [e.action, e.via])).toEqual([["CREATE", "cli"], ["UPDATE", "cli"], ["DELETE", "cli"]]);
  });

  it("refuses to start a worker for a group that is not defined", async () => {
    const r = await cli("worker", "--group", "no-such-group-cli");
    expect(r.code).toBe(2);
    expect(r.err).toContain("worker group no-such-group-cli is not defined");
  });
});
