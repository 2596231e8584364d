import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { NextRequest } from "next/server";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fileRoute from "@/app/api/v1/[tenant]/namespaces/[namespace]/files/[...path]/route";
import { storageConfig } from "@/lib/backends/config";
import { db } from "@/lib/db";
import { migrateStorageLayout } from "@/lib/storage/layout";
import { call, makeTenant, makeUser, request, tokenOf } from "./helpers";

// Every stored key carries its tenant inside whatever backend or directory is chosen: a dedicated
// local directory or an S3 prefix named like another tenant's id never reaches that tenant's
// files. Files stored under the earlier layout are moved once and stay readable.

const ROOT = path.resolve(process.env.TENANTFLOW_STORAGE_ROOT!);
const BUCKET = "tenantflow-layout";
let server: S3rver;
let endpoint = "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-s3rver-layout-"));

const s3 = (prefix?: string) => ({
  type: "s3" as const,
  bucket: BUCKET,
  region: "us-east-1",
  endpoint,
  prefix,
  forcePathStyle: true,
  accessKeyIdEnv: "TF_TEST_S3_KEY",
  secretAccessKeyEnv: "TF_TEST_S3_SECRET",
});
const client = () =>
  new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });

beforeAll(async () => {
  // a port the system picks: no other test run (in parallel) can take it meanwhile
  server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  process.env.TF_TEST_S3_KEY = "S3RVER";
  process.env.TF_TEST_S3_SECRET = "S3RVER";
});

afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type P = { tenant: string; namespace: string; path: string[] };
const put = (token: string, p: P, text: string) =>
  call(
    fileRoute.PUT,
    new NextRequest(new URL("/", "http://localhost"), { method: "PUT", headers: { authorization: `Bearer ${token}` }, body: text }),
    p,
  );
const get = (token: string, p: P) => call(fileRoute.GET, request("GET", "/", { token }), p);

async function tenantWith(storage: unknown | null) {
  const admin = await makeUser();
  const t = (await makeTenant(admin)).id;
  if (storage) await db.tenant.update({ where: { id: t }, data: { storageConfig: JSON.stringify(storage) } });
  return { t, token: await tokenOf(admin) };
}

/** Tenant `victim` keeps data/secret.txt; tenant `other` writes what would have been the same key. */
async function attempt(victim: { t: string; token: string }, other: { t: string; token: string }, otherNamespace: string, otherPath: string[]) {
  expect((await put(victim.token, { tenant: victim.t, namespace: "data", path: ["secret.txt"] }, "victim's")).status).toBe(201);
  const written = await put(other.token, { tenant: other.t, namespace: otherNamespace, path: otherPath }, "other's");
  expect(written.status).toBe(201);
  expect((await get(victim.token, { tenant: victim.t, namespace: "data", path: ["secret.txt"] })).text).toBe("victim's");
  expect((await get(other.token, { tenant: other.t, namespace: otherNamespace, path: otherPath })).text).toBe("other's");
}

describe("storage keys carry the tenant inside every backend", () => {
  it("a dedicated local directory named like a tenant id never meets that tenant's files", async () => {
    const other = await tenantWith(null); // the instance storage root: <root>/<other id>/...
    const victim = await tenantWith({ type: "local", directory: other.t });
    // before: the victim's key <root>/<other id>/<victim id>/data/secret.txt was the other tenant's
    // namespace <victim id>, file data/secret.txt
    await attempt(victim, other, victim.t, ["data", "secret.txt"]);
    expect(fs.readFileSync(path.join(ROOT, "_dedicated", other.t, victim.t, "data", "secret.txt"), "utf8")).toBe("victim's");
    expect(fs.readFileSync(path.join(ROOT, other.t, victim.t, "data", "secret.txt"), "utf8")).toBe("other's");
  });

  it("two tenants choosing the same dedicated directory keep apart", async () => {
    const a = await tenantWith({ type: "local", directory: "shared-dir" });
    const b = await tenantWith({ type: "local", directory: "shared-dir" });
    await attempt(a, b, "data", ["secret.txt"]);
  });

  it("an S3 prefix equal to a tenant id, in a bucket another tenant shares, never meets its objects", async () => {
    const other = await tenantWith(s3());
    const victim = await tenantWith(s3(other.t));
    // before: <other id>/<victim id>/data/secret.txt for both
    await attempt(victim, other, victim.t, ["data", "secret.txt"]);
    const keys = ((await client().send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key);
    expect(keys).toContain(`${other.t}/tenant=${victim.t}/data/secret.txt`);
    expect(keys).toContain(`tenant=${other.t}/${victim.t}/data/secret.txt`);
  });

  it("a prefix that extends another's keeps apart too; a prefix holding = is refused", async () => {
    const a = await tenantWith(s3("base"));
    const b = await tenantWith(s3(`base/${a.t}`));
    // before: base/<a id>/<b id>/data/secret.txt for both
    await attempt(b, a, b.t, ["data", "secret.txt"]);
    expect(storageConfig.safeParse(s3(`base/tenant=${a.t}`)).success).toBe(false);
  });
});

describe("long names", () => {
  // (segments below 255 bytes: the test server keeps each object as a file with a suffix)
  it("the longest accepted path fits an S3 object name with the longest prefix", async () => {
    const x = await tenantWith(s3("p".repeat(200)));
    const p = { tenant: x.t, namespace: `${"n".repeat(60)}.${"m".repeat(60)}`, path: ["é".repeat(100), "ü".repeat(100), "x".repeat(109)] };
    expect((await put(x.token, p, "long")).status).toBe(201);
    expect((await get(x.token, p)).text).toBe("long");
  });
});

describe("files stored under the earlier layout", () => {
  it("are moved once to their current place and stay readable (local directories and S3)", async () => {
    const local = await tenantWith({ type: "local", directory: "legacy-dir" });
    const bucket = await tenantWith(s3("legacy"));
    const plain = await tenantWith(null);
    for (const x of [local, bucket, plain]) {
      expect((await put(x.token, { tenant: x.t, namespace: "ns", path: ["a", "f.txt"] }, `now ${x.t}`)).status).toBe(201);
    }
    // the same files as the earlier layout stored them
    const legacyLocal = path.join(ROOT, "legacy-dir", local.t, "ns", "a", "f.txt");
    fs.mkdirSync(path.dirname(legacyLocal), { recursive: true });
    fs.writeFileSync(legacyLocal, "old local");
    fs.rmSync(path.join(ROOT, "_dedicated", "legacy-dir", local.t, "ns", "a", "f.txt"));
    const c = client();
    await c.send(new PutObjectCommand({ Bucket: BUCKET, Key: `legacy/${bucket.t}/ns/a/f.txt`, Body: "old s3" }));
    await c.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `legacy/tenant=${bucket.t}/ns/a/f.txt` }));
    expect((await get(local.token, { tenant: local.t, namespace: "ns", path: ["a", "f.txt"] })).status).toBe(404);

    fs.rmSync(path.join(ROOT, ".layout-v2"), { force: true });
    const first = await migrateStorageLayout();
    expect(first).toMatchObject({ skipped: false });
    expect(first.moved).toBeGreaterThanOrEqual(2);
    expect((await get(local.token, { tenant: local.t, namespace: "ns", path: ["a", "f.txt"] })).text).toBe("old local");
    expect((await get(bucket.token, { tenant: bucket.t, namespace: "ns", path: ["a", "f.txt"] })).text).toBe("old s3");
    expect((await get(plain.token, { tenant: plain.t, namespace: "ns", path: ["a", "f.txt"] })).text).toBe(`now ${plain.t}`);
    expect(fs.existsSync(legacyLocal)).toBe(false);
    // the marker stops a second pass
    expect(await migrateStorageLayout()).toEqual({ moved: 0, skipped: true });
  });
});
