import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { NextRequest } from "next/server";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fileRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/files/[...path]/route";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { createNamespace } from "@/lib/namespaces/namespaces";
import { namespacePrefix, objectKey } from "@/lib/storage/keys";
import { S3Storage, s3Client } from "@/lib/storage/s3";
import { call, makeTenant, makeUser, request, tokenOf } from "./helpers";

// The S3 backend against a real S3-compatible server (s3rver, started here on a local port),
// through the official AWS SDK: the same calls it makes to AWS S3 or MinIO.

const BUCKET = "tenantflow-test";
let server: S3rver;
let endpoint = "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-s3rver-"));

const cfg = (prefix?: string) => ({
  type: "s3" as const,
  bucket: BUCKET,
  region: "us-east-1",
  endpoint,
  prefix,
  forcePathStyle: true,
  accessKeyIdEnv: "TF_TEST_S3_KEY",
  secretAccessKeyEnv: "TF_TEST_S3_SECRET",
});

beforeAll(async () => {
  // a port the system picks: no other test run (in parallel) can take it meanwhile
  server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  // s3rver accepts these fixed credentials
  process.env.TF_TEST_S3_KEY = "S3RVER";
  process.env.TF_TEST_S3_SECRET = "S3RVER";
});

afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function allKeys() {
  const client = new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  const r = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (r.Contents ?? []).map((o) => o.Key!).sort();
}

describe("the S3 storage backend", () => {
  it("puts, gets, stats, lists, copies, moves and deletes objects under its prefix", async () => {
    const s3 = new S3Storage(s3Client(cfg("unit")), BUCKET, "unit");
    const key = objectKey("t-one", "company.team", "dir/hello world ü.txt");
    await s3.put(key, new TextEncoder().encode("hello"), "text/plain");
    expect(new TextDecoder().decode((await s3.get(key))!)).toBe("hello");
    expect(await s3.stat(key)).toMatchObject({ key, size: 5 });
    expect(await s3.get(`${key}.missing`)).toBeNull();
    expect(await s3.stat(`${key}.missing`)).toBeNull();
    const moved = objectKey("t-one", "company.team", "moved/file.txt");
    await s3.copy(key, objectKey("t-one", "company.team", "copy.txt"));
    await s3.move(key, moved);
    expect(await s3.get(key)).toBeNull();
    expect((await s3.list(namespacePrefix("t-one", "company.team"))).map((o) => o.key)).toEqual([
      "t-one/company.team/copy.txt",
      "t-one/company.team/moved/file.txt",
    ]);
    expect(await allKeys()).toContain("unit/tenant=t-one/company.team/moved/file.txt");
    await s3.delete(moved);
    await s3.delete(moved); // deleting a missing object is fine
    expect((await s3.list("t-one/")).map((o) => o.key)).toEqual(["t-one/company.team/copy.txt"]);
    await expect(s3.get("t-one/../t-two/x")).rejects.toThrow();
  });

  it("keeps each tenant under its own prefix: one tenant's listing never holds another's objects", async () => {
    const s3 = new S3Storage(s3Client(cfg("iso")), BUCKET, "iso");
    await s3.put(objectKey("acme", "ns", "a.txt"), new TextEncoder().encode("acme"), "text/plain");
    // a tenant whose id starts like another's: prefixes end with "/", so they never overlap
    await s3.put(objectKey("acme2", "ns", "b.txt"), new TextEncoder().encode("acme2"), "text/plain");
    expect((await s3.list("acme/")).map((o) => o.key)).toEqual(["acme/ns/a.txt"]);
    expect((await s3.list("acme2/")).map((o) => o.key)).toEqual(["acme2/ns/b.txt"]);
  });

  it("serves namespace files when a tenant or namespace chooses S3, nearest wins", async () => {
    const admin = await makeUser();
    const t = (await makeTenant(admin)).id;
    const token = await tokenOf(admin);
    await db.tenant.update({ where: { id: t }, data: { storageConfig: JSON.stringify(cfg("tenants")) } });
    await createNamespace(await tenantContext(cliActor(), t), { name: "local-team" });
    await db.namespace.updateMany({ where: { tenantId: t, name: "local-team" }, data: { storageConfig: JSON.stringify({ type: "local", directory: "s3-test-local" }) } });
    const putReq = (ns: string, p: string[], text: string) =>
      call(
        fileRoute.PUT,
        new NextRequest(new URL("/", "http://localhost"), { method: "PUT", headers: { authorization: `Bearer ${token}` }, body: text }),
        { tenant: t, namespace: ns, path: p },
      );
    expect((await putReq("data", ["in", "s3.csv"], "a,b\n1,2\n")).status).toBe(201);
    expect((await putReq("local-team", ["here.txt"], "local")).status).toBe(201);
    expect(await allKeys()).toContain(`tenants/tenant=${t}/data/in/s3.csv`);
    expect((await allKeys()).some((k) => k.includes("here.txt"))).toBe(false);
    expect(fs.readFileSync(path.join(process.env.TENANTFLOW_STORAGE_ROOT!, "_dedicated", "s3-test-local", t, "local-team", "here.txt"), "utf8")).toBe("local");

    const got = await call(fileRoute.GET, request("GET", "/", { token }), { tenant: t, namespace: "data", path: ["in", "s3.csv"] });
    expect(got.text).toBe("a,b\n1,2\n");
    const moved = await call(fileRoute.POST, request("POST", "/", { token, body: { action: "move", to: "out" } }), { tenant: t, namespace: "data", path: ["in"] });
    expect(moved.status).toBe(200);
    expect((await allKeys()).filter((k) => k.startsWith(`tenants/tenant=${t}/`))).toEqual([`tenants/tenant=${t}/data/out/s3.csv`]);
    const deleted = await call(fileRoute.DELETE, request("DELETE", "/", { token }), { tenant: t, namespace: "data", path: ["out"] });
    expect(deleted.status).toBe(200);
    expect((await allKeys()).filter((k) => k.startsWith(`tenants/tenant=${t}/`))).toEqual([]);
  });

  it("says which setting is missing when the named credential variables are unset, never a value", async () => {
    const admin = await makeUser();
    const t = (await makeTenant(admin)).id;
    const token = await tokenOf(admin);
    await db.tenant.update({ where: { id: t }, data: { storageConfig: JSON.stringify({ ...cfg(), accessKeyIdEnv: "TF_TEST_UNSET_KEY" }) } });
    const r = await call(
      fileRoute.PUT,
      new NextRequest(new URL("/", "http://localhost"), { method: "PUT", headers: { authorization: `Bearer ${token}` }, body: "x" }),
      { tenant: t, namespace: "ns", path: ["x.txt"] },
    );
    expect(r.status).toBe(503);
    expect(r.json.error.message).toContain("TF_TEST_UNSET_KEY");
    expect(r.text).not.toContain("S3RVER");
    expect(await db.namespaceFile.count({ where: { tenantId: t } })).toBe(0);
  });
});
