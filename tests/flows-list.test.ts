import { describe, expect, it } from "vitest";
import { GET as searchRoute } from "@/app/api/v1/[tenant]/flows/search/route";
import { GET as namespacesRoute } from "@/app/api/v1/[tenant]/namespaces/route";
import { db } from "@/lib/db";
import { bindingKey } from "@/lib/rbac/binding-key";
import { listBindings } from "@/lib/rbac/bindings";
import { call, ctxOf, makeTenant, makeUser, request, tokenOf } from "./helpers";

async function addFlow(tenantId: string, namespace: string, flowId: string, labels: Record<string, string> = {}, updatedAt?: Date) {
  await db.flow.create({
    data: { tenantId, namespace, flowId, revision: 1, source: "x", parsed: "{}", labels: JSON.stringify(labels), ...(updatedAt && { updatedAt }) },
  });
}

async function viewer(tenantId: string, namespace: string | null) {
  const u = await makeUser();
  await db.tenantAccess.create({ data: { tenantId, userId: u.id } });
  const role = await db.role.findFirstOrThrow({ where: { tenantId, name: "Viewer" } });
  await db.binding.create({ data: { tenantId, roleId: role.id, userId: u.id, namespace, key: bindingKey({ roleId: role.id, userId: u.id, namespace }) } });
  return u;
}

const search = async (tenant: string, token: string, query: string) => {
  const r = await call(searchRoute, request("GET", `/api/v1/${tenant}/flows/search?${query}`, { token }), { tenant });
  return { status: r.status, json: r.json, ids: (r.json.results ?? []).map((f: { namespace: string; id: string }) => `${f.namespace}/${f.id}`) };
};

describe("flow search: labels and sorting", () => {
  it("filters by labels (all must match, values whole), within what the user may read", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    await addFlow(t.id, "ops", "a", { env: "prod", team: "data" });
    await addFlow(t.id, "ops", "b", { env: "prod" });
    await addFlow(t.id, "ops", "c", { env: "production" });
    await addFlow(t.id, "ops", "d", { team_a: "x" });
    await addFlow(t.id, "ops", "e", { teamxa: "x" });
    await addFlow(t.id, "secret", "f", { env: "prod" });
    const token = await tokenOf(await viewer(t.id, "ops"));

    expect((await search(t.id, token, "label=env:prod")).ids).toEqual(["ops/a", "ops/b"]);
    expect((await search(t.id, token, "label=env:prod&label=team:data")).ids).toEqual(["ops/a"]);
    // `_` is a LIKE wildcard: it must not match any character
    expect((await search(t.id, token, "label=team_a:x")).ids).toEqual(["ops/d"]);
    const all = await search(t.id, await tokenOf(admin), "label=env:prod");
    expect(all.ids).toEqual(["ops/a", "ops/b", "secret/f"]);
    expect(all.json.total).toBe(3);
  });

  it("sorts by namespace and id, by id, and by last change, both ways", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    const day = (d: number) => new Date(Date.UTC(2026, 0, d));
    await addFlow(t.id, "b", "x", {}, day(1));
    await addFlow(t.id, "a", "z", {}, day(3));
    await addFlow(t.id, "a", "y", {}, day(2));
    const token = await tokenOf(admin);
    expect((await search(t.id, token, "")).ids).toEqual(["a/y", "a/z", "b/x"]);
    expect((await search(t.id, token, "sort=-namespace")).ids).toEqual(["b/x", "a/z", "a/y"]);
    expect((await search(t.id, token, "sort=id")).ids).toEqual(["b/x", "a/y", "a/z"]);
    expect((await search(t.id, token, "sort=-updated")).ids).toEqual(["a/z", "a/y", "b/x"]);
    expect((await search(t.id, token, "sort=updated")).ids).toEqual(["b/x", "a/y", "a/z"]);
  });

  it("finds text in the id, namespace or description, ignoring case, with % and _ taken literally", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    await addFlow(t.id, "ops", "Nightly_Load");
    await addFlow(t.id, "ops", "nightlyxload");
    await addFlow(t.id, "ops.etl", "daily");
    await addFlow(t.id, "sales", "report");
    await db.flow.updateMany({ where: { tenantId: t.id, flowId: "report" }, data: { description: "100% of the ETL numbers" } });
    const other = await makeTenant(admin);
    await addFlow(other.id, "ops", "nightly_load");
    const token = await tokenOf(admin);

    expect((await search(t.id, token, "q=NIGHTLY")).ids).toEqual(["ops/Nightly_Load", "ops/nightlyxload"]);
    expect((await search(t.id, token, "q=y_l")).ids).toEqual(["ops/Nightly_Load"]);
    expect((await search(t.id, token, "q=100%25")).ids).toEqual(["sales/report"]);
    expect((await search(t.id, token, "q=%25")).ids).toEqual(["sales/report"]);
    expect((await search(t.id, token, "q=etl")).ids).toEqual(["ops.etl/daily", "sales/report"]);
    expect((await search(t.id, token, "q=%20%20etl%20")).ids).toEqual(["ops.etl/daily", "sales/report"]);
    expect((await search(t.id, token, "q=nothing-like-it")).json).toEqual({ results: [], total: 0 });
  });

  it("limits to a namespace and its descendants, never a sibling sharing its prefix, and pages with a total", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    for (const id of ["f1", "f2", "f3"]) await addFlow(t.id, "team", id);
    await addFlow(t.id, "team.a", "f4");
    await addFlow(t.id, "team.a.b", "f5");
    await addFlow(t.id, "teamx", "f6");
    await addFlow(t.id, "team-b", "f7");
    const token = await tokenOf(admin);

    const all = await search(t.id, token, "namespace=team");
    expect(all.ids).toEqual(["team/f1", "team/f2", "team/f3", "team.a/f4", "team.a.b/f5"]);
    expect(all.json.total).toBe(5);
    expect((await search(t.id, token, "namespace=team.a")).ids).toEqual(["team.a/f4", "team.a.b/f5"]);
    const page2 = await search(t.id, token, "namespace=team&size=2&page=2");
    expect(page2.ids).toEqual(["team/f3", "team.a/f4"]);
    expect(page2.json.total).toBe(5);
    expect((await search(t.id, token, "namespace=team&size=2&page=4")).json).toEqual({ results: [], total: 5 });

    // a reader bound on team.a sees only its subtree, whatever namespace filter is asked for
    const scoped = await tokenOf(await viewer(t.id, "team.a"));
    expect((await search(t.id, scoped, "")).ids).toEqual(["team.a/f4", "team.a.b/f5"]);
    expect((await search(t.id, scoped, "namespace=team")).ids).toEqual(["team.a/f4", "team.a.b/f5"]);
    expect((await search(t.id, scoped, "namespace=teamx")).json).toEqual({ results: [], total: 0 });
    // bound on two namespaces: their flows and their subtrees', in every order, page by page
    const two = await viewer(t.id, "team.a.b");
    const role = await db.role.findFirstOrThrow({ where: { tenantId: t.id, name: "Viewer" } });
    await db.binding.create({ data: { tenantId: t.id, roleId: role.id, userId: two.id, namespace: "teamx", key: bindingKey({ roleId: role.id, userId: two.id, namespace: "teamx" }) } });
    await addFlow(t.id, "teamx.deep", "f0", {}, new Date(Date.UTC(2030, 0, 1)));
    const twoToken = await tokenOf(two);
    const pages = async (query: string) => {
      const seen: string[] = [];
      for (let p = 1; p <= 3; p++) {
        const r = await search(t.id, twoToken, `${query}&size=1&page=${p}`);
        expect(r.json.total).toBe(3);
        seen.push(...r.ids);
      }
      return seen;
    };
    expect(await pages("sort=namespace")).toEqual(["team.a.b/f5", "teamx/f6", "teamx.deep/f0"]);
    expect(await pages("sort=-namespace")).toEqual(["teamx.deep/f0", "teamx/f6", "team.a.b/f5"]);
    expect(await pages("sort=id")).toEqual(["teamx.deep/f0", "team.a.b/f5", "teamx/f6"]);
    expect((await pages("sort=-updated"))[0]).toBe("teamx.deep/f0");
    expect((await search(t.id, twoToken, "q=DEEP")).ids).toEqual(["teamx.deep/f0"]);
    expect((await search(t.id, twoToken, "namespace=teamx")).json.total).toBe(2);

    // a reader with no binding reaching flows sees none
    const u = await makeUser();
    await db.tenantAccess.create({ data: { tenantId: t.id, userId: u.id } });
    expect((await search(t.id, await tokenOf(u), "")).json).toEqual({ results: [], total: 0 });
  });

  it("totals only the flows in scope and not deleted, with or without a text or label filter", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    for (const id of ["a1", "a2", "gone"]) await addFlow(t.id, "team.a", id, { env: id === "a1" ? "prod" : "dev" });
    await addFlow(t.id, "team.a.deep", "d1");
    await addFlow(t.id, "team.b", "b1");
    await addFlow(t.id, "teamx", "x1");
    await db.flow.updateMany({ where: { tenantId: t.id, flowId: "gone" }, data: { deleted: true } });
    // another tenant's flows in the same namespaces count for that tenant only
    const other = await makeTenant(admin);
    for (const id of ["o1", "o2"]) await addFlow(other.id, "team.a", id);
    const token = await tokenOf(admin);
    const total = async (tok: string, query: string) => (await search(t.id, tok, `${query}&size=1`)).json.total;

    expect(await total(token, "")).toBe(5);
    expect(await total(token, "namespace=team")).toBe(4);
    expect(await total(token, "namespace=team.a")).toBe(3);
    expect(await total(token, "namespace=team.c")).toBe(0);
    // counted flow by flow when a text or a label narrows the search
    expect(await total(token, "namespace=team&q=1")).toBe(3);
    expect(await total(token, "label=env:dev")).toBe(1);

    const scoped = await tokenOf(await viewer(t.id, "team.a"));
    expect(await total(scoped, "")).toBe(3);
    expect(await total(scoped, "namespace=team")).toBe(3);
    expect(await total(scoped, "namespace=team.a.deep")).toBe(1);
    expect(await total(scoped, "namespace=team.b")).toBe(0);
    expect(await total(scoped, "namespace=teamx")).toBe(0);
    expect(await total(scoped, "q=x1")).toBe(0);
  });

  it("refuses an unknown sort or a label without a key with 422", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    const token = await tokenOf(admin);
    const badSort = await search(t.id, token, "sort=size");
    expect(badSort.status).toBe(422);
    expect(badSort.json.error.details[0]).toMatchObject({ path: "sort" });
    const badLabel = await search(t.id, token, "label=prod");
    expect(badLabel.status).toBe(422);
    expect(badLabel.json.error.details[0].message).toContain("key:value");
  });
});

/** The namespace list's answer as [name, explicit, flows] rows. */
const treeRows = (json: { results: { name: string; explicit: boolean; flows: number }[] }) =>
  json.results.map((n) => [n.name, n.explicit, n.flows]);

describe("namespace list of a namespace-scoped reader", () => {
  it("holds the explicit and implicit namespaces in scope with their flow counts, never a sibling sharing a prefix", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    for (const name of ["team", "team.a", "team.a.x", "teamx", "team-b", "other"]) {
      await db.namespace.create({ data: { tenantId: t.id, name } });
    }
    await addFlow(t.id, "team.a", "f1");
    await addFlow(t.id, "team.a", "f2");
    await addFlow(t.id, "team.a.implicit.deep", "f3");
    await addFlow(t.id, "teamx", "f4");
    await addFlow(t.id, "other", "f5");
    await db.flow.create({ data: { tenantId: t.id, namespace: "team.a", flowId: "gone", revision: 1, source: "x", parsed: "{}", deleted: true } });
    const u = await viewer(t.id, "team.a");
    const role = await db.role.findFirstOrThrow({ where: { tenantId: t.id, name: "Viewer" } });
    await db.binding.create({ data: { tenantId: t.id, roleId: role.id, userId: u.id, namespace: "other", key: bindingKey({ roleId: role.id, userId: u.id, namespace: "other" }) } });
    const r = await call(namespacesRoute, request("GET", `/api/v1/${t.id}/namespaces`, { token: await tokenOf(u) }), { tenant: t.id });
    expect(r.status).toBe(200);
    const rows = treeRows(r.json);
    expect(rows).toEqual([
      ["other", true, 1],
      ["team.a", true, 2],
      ["team.a.implicit.deep", false, 1],
      ["team.a.x", true, 0],
    ]);
  });
});

describe("namespace list of a tenant Admin", () => {
  it("holds every explicit and implicit namespace once, with its own flow count, in name order", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    for (const name of ["team", "team.a", "team_b", "empty"]) await db.namespace.create({ data: { tenantId: t.id, name } });
    await addFlow(t.id, "team.a", "f1");
    await addFlow(t.id, "team.a", "f2");
    await addFlow(t.id, "team.a.implicit", "f3");
    await addFlow(t.id, "zeta", "f4");
    await db.flow.create({ data: { tenantId: t.id, namespace: "gone", flowId: "g", revision: 1, source: "x", parsed: "{}", deleted: true } });
    const other = await makeTenant(admin);
    await addFlow(other.id, "team.a", "elsewhere");
    const r = await call(namespacesRoute, request("GET", `/api/v1/${t.id}/namespaces`, { token: await tokenOf(admin) }), { tenant: t.id });
    expect(r.status).toBe(200);
    const rows = treeRows(r.json);
    expect(rows).toEqual([
      ["empty", true, 0],
      ["team", true, 0],
      ["team_b", true, 0],
      ["team.a", true, 2],
      ["team.a.implicit", false, 1],
      ["zeta", false, 1],
    ]);
    expect(r.json.total).toBe(6);
  });
});

describe("bindings reaching a namespace", () => {
  it("are the tenant-wide ones and those on the namespace or an ancestor, never a sibling or a descendant", async () => {
    const admin = await makeUser();
    const t = await makeTenant(admin);
    await viewer(t.id, "company");
    await viewer(t.id, "company.team");
    await viewer(t.id, "company.team.etl");
    await viewer(t.id, "company.teamx");
    await viewer(t.id, null);
    const ctx = await ctxOf(admin, t.id);
    const reaching = await listBindings(ctx, { reaching: "company.team" });
    const namespaces = reaching.results.map((b) => b.namespace);
    expect(namespaces.filter((n) => n !== null).sort()).toEqual(["company", "company.team"]);
    // the admin's own tenant-wide Admin binding and the tenant-wide Viewer
    expect(namespaces.filter((n) => n === null)).toHaveLength(2);
  });
});
