import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { listAllFiles, readFile, writeFile } from "@/lib/files/files";
import { createNamespace, updateNamespace } from "@/lib/namespaces/namespaces";
import { run } from "@/lib/executions/test-support";
import { makeTenant } from "../helpers";

// namespace.UploadFiles, DownloadFiles and DeleteFiles act as the execution, in its own tenant
// only, on the flow's namespace, its descendants, or a namespace that allows the flow's.

const UPLOAD = "io.kestra.plugin.core.namespace.UploadFiles";
const DOWNLOAD = "io.kestra.plugin.core.namespace.DownloadFiles";
const DELETE = "io.kestra.plugin.core.namespace.DeleteFiles";
const WRITE = "io.kestra.plugin.core.storage.Write";
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

let tenant = "";
let other = "";
const admin = (tenantId: string) => tenantContext(cliActor(), tenantId);

async function contents(tenantId: string, namespace: string): Promise<Record<string, string>> {
  const ctx = await admin(tenantId);
  const out: Record<string, string> = {};
  for (const f of (await listAllFiles(ctx, namespace)).results) out[f.path] = dec((await readFile(ctx, namespace, f.path)).body);
  return out;
}

beforeAll(async () => {
  tenant = (await makeTenant()).id;
  other = (await makeTenant()).id;
  for (const t of [tenant, other]) {
    const ctx = await admin(t);
    for (const name of ["company.team", "shared", "closed"]) await createNamespace(ctx, { name }).catch(() => undefined);
    await updateNamespace(ctx, "shared", { allowedNamespaces: ["company"] });
    await updateNamespace(ctx, "closed", { allowedNamespaces: ["finance"] });
    await writeFile(ctx, "closed", "keep.txt", enc(`closed of ${t === tenant ? "tenant" : "other"}`));
    await writeFile(ctx, "shared", "lib/keep.sql", enc(`shared of ${t === tenant ? "tenant" : "other"}`));
  }
});

describe("namespace.UploadFiles", () => {
  it("uploads this execution's files (filesMap) and working-directory files (globs) under destination; audited as the execution", async () => {
    const written = await run({ id: "w", type: WRITE, content: "id,amount\n1,10\n" }, { tenantId: tenant });
    const uri = String(written.result.outputs!.uri);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "tf-up-"));
    try {
      await fs.mkdir(path.join(dir, "dbt/models"), { recursive: true });
      await fs.writeFile(path.join(dir, "dbt/models/a.sql"), "select 1");
      await fs.writeFile(path.join(dir, "notes.txt"), "not uploaded");
      const { result } = await run(
        { id: "up", type: UPLOAD, namespace: "{{ flow.namespace }}", filesMap: { "data/orders.csv": uri }, files: ["glob:**/dbt/**"], destination: "/uploads" },
        { tenantId: tenant, workingDir: dir },
      );
      expect(result.state).toBe("SUCCESS");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
    expect(await contents(tenant, "company.team")).toMatchObject({ "uploads/data/orders.csv": "id,amount\n1,10\n", "uploads/dbt/models/a.sql": "select 1" });
    expect(Object.keys(await contents(tenant, "company.team"))).not.toContain("uploads/notes.txt");
    const audit = await db.auditLog.findFirst({ where: { tenantId: tenant, resourceType: "FILE", namespace: "company.team", resourceId: "uploads/data/orders.csv" } });
    expect(audit).toMatchObject({ action: "CREATE", actorName: "execution exec1", via: "engine" });
    // the other tenant's namespace of the same name got nothing
    expect(await contents(other, "company.team")).toEqual({});
  });

  it("on an existing file: OVERWRITE (default), SKIP, or ERROR fails", async () => {
    const first = await run({ id: "w", type: WRITE, content: "v1" }, { tenantId: tenant });
    const second = await run({ id: "w", type: WRITE, content: "v2" }, { tenantId: tenant });
    const up = (uri: unknown, conflict?: string) => run({ id: "up", type: UPLOAD, namespace: "company.team", filesMap: { "c.txt": uri }, ...(conflict ? { conflict } : {}) }, { tenantId: tenant });
    expect((await up(first.result.outputs!.uri)).result.state).toBe("SUCCESS");
    expect((await up(second.result.outputs!.uri, "SKIP")).result.state).toBe("SUCCESS");
    expect((await contents(tenant, "company.team"))["c.txt"]).toBe("v1");
    const refused = await up(second.result.outputs!.uri, "ERROR");
    expect(refused.result).toMatchObject({ state: "FAILED", error: "File c.txt already exists in company.team (conflict: ERROR)" });
    expect((await up(second.result.outputs!.uri)).result.state).toBe("SUCCESS");
    expect((await contents(tenant, "company.team"))["c.txt"]).toBe("v2");
  });

  it("writes into a descendant or a namespace allowing the flow's; refuses another, changing nothing in either tenant", async () => {
    const written = await run({ id: "w", type: WRITE, content: "x" }, { tenantId: tenant });
    const up = (namespace: string) => run({ id: "up", type: UPLOAD, namespace, filesMap: { "keep.txt": written.result.outputs!.uri, "lib/keep.sql": written.result.outputs!.uri } }, { tenantId: tenant });
    expect((await up("company.team.sub")).result.state).toBe("SUCCESS");
    const closed = await up("closed");
    expect(closed.result).toMatchObject({ state: "FAILED", error: "Namespace closed does not allow company.team to use its resources" });
    expect(await contents(tenant, "closed")).toEqual({ "keep.txt": "closed of tenant" });
    expect(await contents(other, "closed")).toEqual({ "keep.txt": "closed of other" });
    expect((await up("shared")).result.state).toBe("SUCCESS");
    expect((await contents(tenant, "shared"))["lib/keep.sql"]).toBe("x");
    expect(await contents(other, "shared")).toEqual({ "lib/keep.sql": "shared of other" });
    // another execution's file is not read
    const foreign = await run({ id: "up", type: UPLOAD, namespace: "company.team", filesMap: { "f.txt": "kestra:///company/team/other/executions/e9/tasks/w/tr-w/x.txt" } }, { tenantId: tenant });
    expect(foreign.result).toMatchObject({ state: "FAILED", error: expect.stringContaining("is not a file of this execution") });
  });
});

describe("namespace.DownloadFiles and DeleteFiles", () => {
  it("download matching files into the execution's storage and delete them, in the execution's tenant only", async () => {
    const ctx = await admin(tenant);
    await writeFile(ctx, "company.team.dl", "sql/a.sql", enc("select a"));
    await writeFile(ctx, "company.team.dl", "sql/deep/b.sql", enc("select b"));
    await writeFile(ctx, "company.team.dl", "readme.md", enc("# hi"));
    await writeFile(await admin(other), "company.team.dl", "sql/a.sql", enc("other's"));

    const { result } = await run({ id: "dl", type: DOWNLOAD, namespace: "company.team.dl", files: ["**.sql"] }, { tenantId: tenant });
    expect(result.state).toBe("SUCCESS");
    const files = result.outputs!.files as Record<string, string>;
    expect(Object.keys(files).sort()).toEqual(["/sql/a.sql", "/sql/deep/b.sql"]);
    expect(files["/sql/a.sql"]).toBe("kestra:///company/team/hello/executions/exec1/tasks/dl/tr-dl/sql/a.sql");
    const read = await run({ id: "r", type: "io.kestra.plugin.core.debug.Return", format: `{{ read('${files["/sql/a.sql"]}') }}` }, { tenantId: tenant });
    expect(read.result.outputs).toEqual({ value: "select a" });

    const del = await run({ id: "del", type: DELETE, namespace: "company.team.dl", files: "sql/**", deleteParentFolder: true }, { tenantId: tenant });
    expect(del.result.state).toBe("SUCCESS");
    expect((del.result.outputs!.files as string[]).sort()).toEqual(["/sql/a.sql", "/sql/deep/b.sql"]);
    expect(await contents(tenant, "company.team.dl")).toEqual({ "readme.md": "# hi" });
    expect(await contents(other, "company.team.dl")).toEqual({ "sql/a.sql": "other's" });
  });

  it("refuse a namespace that does not allow the flow's, and a missing namespace property", async () => {
    for (const type of [DOWNLOAD, DELETE]) {
      const refused = await run({ id: "x", type, namespace: "closed", files: ["**"] }, { tenantId: tenant });
      expect(refused.result).toMatchObject({ state: "FAILED", error: "Namespace closed does not allow company.team to use its resources" });
      const missing = await run({ id: "x", type, files: ["**"] }, { tenantId: tenant });
      expect(missing.result).toMatchObject({ state: "FAILED", error: 'missing required property "namespace"' });
    }
    expect(await contents(tenant, "closed")).toEqual({ "keep.txt": "closed of tenant" });
    // allowed: shared admits company.*
    const shared = await run({ id: "x", type: DOWNLOAD, namespace: "shared", files: ["lib/*.sql"] }, { tenantId: tenant });
    expect(Object.keys(shared.result.outputs!.files as object)).toEqual(["/lib/keep.sql"]);
  });
});
