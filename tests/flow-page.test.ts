import { describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { createFlow, deleteFlow, updateFlow } from "@/lib/flows/flows";
import { flowPage } from "@/lib/flows/page";
import { bindingKey } from "@/lib/rbac/binding-key";
import { ctxOf, makeTenant, makeUser } from "./helpers";

// The flow page's data (lib/flows/page.ts): the flow, its revisions with their authors and number,
// and where it came from, read in the page's tenant only and for readers of its namespace only.

const source = (ns: string, id: string, msg: string) =>
  `id: ${id}\nnamespace: ${ns}\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: ${msg}\n`;

describe("the flow page's data", () => {
  it("reads the flow, its newest revisions with their authors and their number, in its own tenant", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    const other = await makeTenant(admin);
    const ctx = await ctxOf(admin, t.id);
    await createFlow(ctx, source("team.a", "hello", "one"));
    await updateFlow(ctx, "team.a", "hello", source("team.a", "hello", "two"), 1);
    await updateFlow(await tenantContext(cliActor(), t.id), "team.a", "hello", source("team.a", "hello", "three"), 2);
    // the same name in another tenant, newer and with more revisions
    const otherCtx = await ctxOf(admin, other.id);
    await createFlow(otherCtx, source("team.a", "hello", "elsewhere"));
    for (let r = 2; r <= 5; r++) await updateFlow(otherCtx, "team.a", "hello", source("team.a", "hello", `elsewhere ${r}`), r - 1);

    const page = await flowPage(ctx, "team.a", "hello");
    expect(page.flow).toMatchObject({ id: "hello", namespace: "team.a", revision: 3, disabled: false, labels: {} });
    expect(page.flow.source).toContain("message: three");
    expect(page.flow.updated).toBeInstanceOf(Date);
    expect(page.revisions.total).toBe(3);
    expect(page.revisions.results.map((r) => [r.revision, r.author])).toEqual([
      [3, null],
      [2, admin.username],
      [1, admin.username],
    ]);
    expect(page.revisions.results[0].created).toBeInstanceOf(Date);
    expect(page.fromGit).toBeNull();
  });

  it("is not found for a deleted flow, a name no flow can have, and another tenant's flow", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    const other = await makeTenant(admin);
    const ctx = await ctxOf(admin, t.id);
    await createFlow(ctx, source("team.a", "gone", "x"));
    await deleteFlow(ctx, "team.a", "gone");
    await createFlow(await ctxOf(admin, other.id), source("team.b", "theirs", "x"));
    await expect(flowPage(ctx, "team.a", "gone")).rejects.toMatchObject({ status: 404 });
    await expect(flowPage(ctx, "team.a", "../x")).rejects.toMatchObject({ status: 404 });
    await expect(flowPage(ctx, "team.b", "theirs")).rejects.toMatchObject({ status: 404 });
  });

  it("refuses a reader of another namespace before reading anything", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    await createFlow(await ctxOf(admin, t.id), source("team.a", "hello", "x"));
    const reader = await makeUser();
    await db.tenantAccess.create({ data: { tenantId: t.id, userId: reader.id } });
    const role = await db.role.findFirstOrThrow({ where: { tenantId: t.id, name: "Viewer" } });
    await db.binding.create({ data: { tenantId: t.id, roleId: role.id, userId: reader.id, namespace: "team.b", key: bindingKey({ roleId: role.id, userId: reader.id, namespace: "team.b" }) } });
    const ctx = await ctxOf(reader, t.id);
    await expect(flowPage(ctx, "team.a", "hello")).rejects.toMatchObject({ status: 404 });
  });
});
