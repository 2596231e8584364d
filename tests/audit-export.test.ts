import { describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/v1/[tenant]/auditlogs/export/route";
import { db } from "@/lib/db";
import { makeTenant, makeUser, request, tokenOf } from "./helpers";

// The audit CSV export is streamed: the answer starts before every entry is read, and comes in
// batches; refusals (no AUDITLOG:READ, bad filters) still answer before anything is streamed.

describe("audit CSV export", () => {
  it("streams every entry of a large range in batches, newest first, with one header", async () => {
    const admin = await makeUser();
    const t = (await makeTenant(admin)).id;
    const base = Date.now() - 3_600_000;
    await db.auditLog.createMany({
      data: Array.from({ length: 450 }, (_, i) => ({
        tenantId: t,
        actorName: "bulk@example.com",
        via: "api",
        action: "UPDATE",
        resourceType: "KV",
        resourceId: `key-${String(i).padStart(3, "0")}`,
        namespace: "bulk",
        after: JSON.stringify({ value: `v${i}` }),
        createdAt: new Date(base + i * 1000),
      })),
    });
    const res = await exportRoute(request("GET", "/?namespace=bulk", { token: await tokenOf(admin) }), { params: Promise.resolve({ tenant: t }) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const reader = res.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    expect(chunks.length).toBeGreaterThanOrEqual(4); // the header, then 200 + 200 + 50 rows
    const lines = new TextDecoder().decode(Buffer.concat(chunks)).trim().split("\r\n");
    expect(lines[0]).toBe("time,actor,via,action,resourceType,resourceId,namespace,before,after");
    expect(lines).toHaveLength(451);
    expect(lines[1]).toContain(",key-449,bulk,");
    expect(lines[450]).toContain(",key-000,bulk,");
    expect(new Set(lines).size).toBe(451);
    expect(lines[1]).toContain('"{""value"":""v449""}"');
  });

  it("refuses a reader without AUDITLOG:READ before streaming anything", async () => {
    const admin = await makeUser();
    const t = (await makeTenant(admin)).id;
    const outsider = await makeUser();
    await db.tenantAccess.create({ data: { tenantId: t, userId: outsider.id } });
    const res = await exportRoute(request("GET", "/", { token: await tokenOf(outsider) }), { params: Promise.resolve({ tenant: t }) });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("FORBIDDEN");
  });
});
