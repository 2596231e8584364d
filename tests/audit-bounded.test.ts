import { describe, expect, it } from "vitest";
import { AUDIT_TEXT_LIMIT, changedRegion } from "@/lib/audit/bounded";
import { db } from "@/lib/db";
import { createFlow, deleteFlow, updateFlow } from "@/lib/flows/flows";
import { ctxOf, makeTenant, makeUser } from "./helpers";

// Audit entries keep bounded changes, never whole flow sources: a 900 KB flow saved again leaves
// an entry of a few KB showing the lines that changed, before on one side and after on the other.

const padding = (n: number) => Array.from({ length: n }, (_, i) => `# line ${i} ${"x".repeat(80)}`).join("\n");
const flow = (message: string, pad: string) =>
  `id: big\nnamespace: company.team\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: ${message}\n${pad}\n`;

describe("audit entries of large flows", () => {
  it("store the changed region on each side, the size of the whole text, and nothing unbounded", async () => {
    const admin = await makeUser();
    const t = (await makeTenant(admin)).id;
    const ctx = await ctxOf(admin, t);
    const pad = padding(10_000); // about 900 KB
    const v1 = flow("hello", pad);
    expect(v1.length).toBeGreaterThan(900_000);
    await createFlow(ctx, v1);
    await updateFlow(ctx, "company.team", "big", flow("changed", pad), 1);
    await deleteFlow(ctx, "company.team", "big");

    const rows = await db.auditLog.findMany({ where: { tenantId: t, resourceType: "FLOW" }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.action)).toEqual(["CREATE", "UPDATE", "DELETE"]);
    for (const r of rows) expect((r.before ?? "").length + (r.after ?? "").length).toBeLessThan(2 * AUDIT_TEXT_LIMIT + 2_000);

    const update = rows[1];
    const before = JSON.parse(update.before!);
    const after = JSON.parse(update.after!);
    expect(before).toMatchObject({ revision: 1, sourceBytes: Buffer.byteLength(v1), sourceLines: "4-8" });
    expect(before.source).toContain("message: hello");
    expect(after.source).toContain("message: changed");
    expect(before.source).not.toContain("# line 5 ");
    const created = JSON.parse(rows[0].after!);
    expect(created.sourceBytes).toBe(Buffer.byteLength(v1));
    expect(created.source).toContain("message: hello");
    expect(created.source).toMatch(/more characters not kept\)$/);
  });

  it("small flows keep their whole source on create and the changed lines on update", () => {
    const r = changedRegion("a\nb\nc\nd\ne\nf\ng", "a\nb\nc\nD\ne\nf\ng");
    expect(r.a).toEqual({ text: "b\nc\nd\ne\nf", lines: "2-6" });
    expect(r.b).toEqual({ text: "b\nc\nD\ne\nf", lines: "2-6" });
    expect(changedRegion("x", "x\ny").b.text).toBe("x\ny");
  });
});
