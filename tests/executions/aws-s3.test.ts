import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { ListObjectsCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { type TenantContext, tenantContext } from "@/lib/authz/context";
import { resetConfigCache } from "@/lib/config";
import { getExecution, startExecution, waitForEnd } from "@/lib/executions/executions";
import { closeFollowers } from "@/lib/executions/follow";
import { installEngine } from "@/lib/executions/install-engine";
import { listLogs } from "@/lib/executions/logs";
import { type Role, resetEngine, runExecutor, runWorker } from "@/lib/executions/processes";
import { run } from "@/lib/executions/test-support";
import { createFlow } from "@/lib/flows/flows";
import { putSecret } from "@/lib/secrets/secrets";
import { makeTenant } from "../helpers";
import { emptyQueue } from "./support/data";

// The aws.s3 tasks through the real engine against an S3-compatible server (s3rver, on a local
// port: reachable only with TENANTFLOW_HTTP_ALLOW_PRIVATE on), with credentials from secrets;
// and their refusals: the instance's network, no credentials, hosts not allowed.

const NS = "company.team";
const S3 = "io.kestra.plugin.aws.s3";
// s3rver accepts only these credentials
const KEY_ID = "S3RVER";
const SECRET = "S3RVER";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-s3-tasks-"));
let server: S3rver;
let endpoint = "";
let roles: Role[] = [];
let ctx: TenantContext;
let tenantId = "";

const setEnv = (vars: Record<string, string | undefined>) => {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfigCache();
};

beforeAll(async () => {
  server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory: dir,
    configureBuckets: [{ name: "tf-src" }, { name: "tf-archive" }, { name: "tf-scratch" }],
  });
  endpoint = `http://127.0.0.1:${(await server.run()).port}`;
  await emptyQueue();
  installEngine();
  roles = [runExecutor({ pollMs: 100 }), runWorker({ pollMs: 100, concurrency: 2, leaseMs: 30_000, heartbeatMs: 300 })];
  tenantId = (await makeTenant()).id;
  ctx = await tenantContext(cliActor(), tenantId);
  await putSecret(ctx, NS, "AWS_ACCESS_KEY_ID", { value: KEY_ID });
  await putSecret(ctx, NS, "AWS_SECRET_KEY_ID", { value: SECRET });
  await putSecret(ctx, NS, "WRONG_SECRET", { value: "wrong-very-secret-77" });
}, 60_000);

afterAll(async () => {
  await Promise.all(roles.map((r) => r.stop()));
  await closeFollowers();
  resetEngine();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

afterEach(() =>
  setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: undefined, TENANTFLOW_ALLOWED_HOSTS: undefined, TENANTFLOW_AWS_DEFAULT_CREDENTIALS: undefined, TENANTFLOW_MAX_FILE_SIZE: undefined }),
);

/** The connection every aws task of a flow gets, as the orchestrator's users write it: plugin defaults by prefix. */
const defaults = () => `pluginDefaults:
  - type: io.kestra.plugin.aws
    values:
      accessKeyId: "{{ secret('AWS_ACCESS_KEY_ID') }}"
      secretKeyId: "{{ secret('AWS_SECRET_KEY_ID') }}"
      region: us-east-1
      endpointOverride: ${endpoint}
      forcePathStyle: true
`;

async function runFlow(id: string, body: string) {
  await createFlow(ctx, `id: ${id}\nnamespace: ${NS}\n${body}`);
  const started = await startExecution(ctx, { namespace: NS, flowId: id, inputs: {} });
  const done = await waitForEnd(ctx, started.id, 90_000);
  const execution = await getExecution(ctx, done.id);
  const outputs = Object.fromEntries(execution.taskRunList.map((t: { taskId: string; outputs?: unknown }) => [t.taskId, t.outputs])) as Record<string, any>;
  const logs = (await listLogs(ctx, done.id, { size: 1000 })).results.map((l: { message: string }) => l.message) as string[];
  return { done, outputs, logs, execution };
}

describe("aws.s3 tasks through the engine", () => {
  it("uploads files written by storage.Write, lists, downloads, copies, moves, deletes", async () => {
    setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: "true" });
    const { done, outputs, logs } = await runFlow(
      "s3_roundtrip",
      `${defaults()}tasks:
  - id: create
    type: ${S3}.CreateBucket
    bucket: tf-created
  - id: write
    type: io.kestra.plugin.core.storage.Write
    content: "id,name\\n1,ada\\n"
    extension: .csv
  - id: write2
    type: io.kestra.plugin.core.storage.Write
    content: hello
    extension: .txt
  - id: upload
    type: ${S3}.Upload
    from: "{{ outputs.write.uri }}"
    bucket: tf-src
    key: in/people.csv
    contentType: text/csv
    metadata:
      origin: tenantflow
  - id: upload_many
    type: ${S3}.Upload
    from:
      - "{{ outputs.write.uri }}"
      - "{{ outputs.write2.uri }}"
    bucket: tf-src
    key: in/batch
  - id: list
    type: ${S3}.List
    bucket: tf-src
    prefix: in/
  - id: list_csv
    type: ${S3}.List
    bucket: tf-src
    regexp: ".*\\\\.csv"
  - id: download
    type: ${S3}.Download
    bucket: tf-src
    key: in/people.csv
  - id: read
    type: io.kestra.plugin.core.debug.Return
    format: "{{ read(outputs.download.uri) }}"
  - id: download_many
    type: ${S3}.Download
    bucket: tf-src
    prefix: in/batch/
  - id: copy
    type: ${S3}.Copy
    from:
      bucket: tf-src
      key: in/people.csv
    to:
      bucket: tf-archive
      key: copied/people.csv
  - id: delete_copy
    type: ${S3}.Delete
    bucket: tf-archive
    key: copied/people.csv
  - id: move_batch
    type: ${S3}.Downloads
    bucket: tf-src
    prefix: in/batch/
    action: MOVE
    moveTo:
      bucket: tf-archive
      key: moved
  - id: take_rest
    type: ${S3}.Downloads
    bucket: tf-src
    prefix: in/
    action: DELETE
  - id: left_in_src
    type: ${S3}.List
    bucket: tf-src
  - id: in_archive
    type: ${S3}.List
    bucket: tf-archive
  - id: purge_archive
    type: ${S3}.DeleteList
    bucket: tf-archive
    prefix: moved/
  - id: archive_after
    type: ${S3}.List
    bucket: tf-archive
`,
    );
    expect(done.state.current, logs.join("\n")).toBe("SUCCESS");
    expect(outputs.create).toMatchObject({ bucket: "tf-created" });

    const csvName = path.posix.basename(outputs.write.uri);
    const txtName = path.posix.basename(outputs.write2.uri);
    expect(outputs.upload).toMatchObject({ bucket: "tf-src", key: "in/people.csv", eTag: expect.stringMatching(/^"[0-9a-f]{32}"$/) });
    expect(outputs.upload_many).toMatchObject({
      bucket: "tf-src",
      key: "in/batch",
      files: { [csvName]: { contentLength: 14, eTag: expect.any(String) }, [txtName]: { contentLength: 5, eTag: expect.any(String) } },
    });

    const keys = (o: { objects: { key: string }[] }) => o.objects.map((x) => x.key).sort();
    expect(keys(outputs.list)).toEqual([`in/batch/${csvName}`, `in/batch/${txtName}`, "in/people.csv"].sort());
    expect(outputs.list.objects.find((o: { key: string }) => o.key === "in/people.csv")).toMatchObject({ size: 14, etag: expect.any(String), lastModified: expect.any(String) });
    expect(keys(outputs.list_csv)).toEqual([`in/batch/${csvName}`, "in/people.csv"].sort());

    expect(outputs.download).toMatchObject({ contentLength: 14, contentType: "text/csv", metadata: { origin: "tenantflow" }, eTag: outputs.upload.eTag });
    expect(outputs.download.uri).toMatch(/^kestra:\/\/\/.*\.csv$/);
    expect(outputs.read).toEqual({ value: "id,name\n1,ada\n" });
    expect(Object.keys(outputs.download_many.files).sort()).toEqual([`in/batch/${csvName}`, `in/batch/${txtName}`].sort());

    expect(outputs.copy).toMatchObject({ bucket: "tf-archive", key: "copied/people.csv", eTag: outputs.upload.eTag });
    expect(outputs.delete_copy).toBeDefined();

    expect(keys(outputs.move_batch)).toEqual([`in/batch/${csvName}`, `in/batch/${txtName}`].sort());
    expect(outputs.move_batch.outputFiles[`in/batch/${txtName}`]).toMatch(/^kestra:\/\/\/.*\.txt$/);
    expect(keys(outputs.take_rest)).toEqual(["in/people.csv"]);
    expect(outputs.left_in_src.objects).toEqual([]);
    expect(keys(outputs.in_archive)).toEqual([`moved/${csvName}`, `moved/${txtName}`].sort());
    expect(outputs.purge_archive).toEqual({ count: 2, size: 19 });
    expect(outputs.archive_after.objects).toEqual([]);

    const joined = logs.join("\n");
    expect(joined).toContain("Deleted 2 keys for 19 bytes");
    expect(joined).not.toContain(SECRET);
  }, 120_000);

  it("DeleteList with errorOnEmpty fails when nothing matches; wrong credentials from a secret fail without showing it", async () => {
    setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: "true" });
    const { done, logs } = await runFlow(
      "s3_nothing",
      `${defaults()}tasks:
  - id: purge
    type: ${S3}.DeleteList
    bucket: tf-scratch
    prefix: nothing-here/
    errorOnEmpty: true
`,
    );
    expect(done.state.current).toBe("FAILED");
    expect(logs.join("\n")).toContain("Unable to find any files to delete on tf-scratch with regexp='null', prefix='nothing-here/'");

    const wrong = await runFlow(
      "s3_wrong_secret",
      `tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "using {{ secret('WRONG_SECRET') }}"
  - id: list
    type: ${S3}.List
    accessKeyId: "{{ secret('WRONG_SECRET') }}"
    secretKeyId: "{{ secret('WRONG_SECRET') }}"
    endpointOverride: ${endpoint}
    forcePathStyle: true
    bucket: tf-scratch
`,
    );
    expect(wrong.done.state.current).toBe("FAILED");
    const all = wrong.logs.join("\n");
    expect(all).toContain("using ******");
    expect(all).toMatch(/Listing the bucket failed: InvalidAccessKeyId \(HTTP 403\)/);
    expect(JSON.stringify(wrong.execution)).not.toContain("wrong-very-secret-77");
    expect(all).not.toContain("wrong-very-secret-77");
  }, 120_000);
});

describe("aws.s3 refusals", () => {
  const list = (over: Record<string, unknown> = {}) => ({
    id: "list",
    type: `${S3}.List`,
    accessKeyId: KEY_ID,
    secretKeyId: SECRET,
    endpointOverride: endpoint,
    forcePathStyle: true,
    bucket: "tf-scratch",
    ...over,
  });

  it("refuses the instance's own network unless TENANTFLOW_HTTP_ALLOW_PRIVATE is on", async () => {
    setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: "false" });
    const byAddress = await run(list(), { tenantId });
    expect(byAddress.result.state).toBe("FAILED");
    expect(byAddress.result.error).toMatch(/^Refused to connect to 127\.0\.0\.1 \(127\.0\.0\.1\).*TENANTFLOW_HTTP_ALLOW_PRIVATE allows it/);
    // a name resolving to loopback: refused on the address the socket would connect to
    const byName = await run(list({ endpointOverride: endpoint.replace("127.0.0.1", "localhost") }), { tenantId });
    expect(byName.result.state).toBe("FAILED");
    expect(byName.result.error).toMatch(/^Refused to connect to localhost \((127\.0\.0\.1|::1)\)/);
    setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: "true" });
    expect((await run(list(), { tenantId })).result.state).toBe("SUCCESS");
  });

  it("refuses a host not among TENANTFLOW_ALLOWED_HOSTS, including AWS's own", async () => {
    setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: "true", TENANTFLOW_ALLOWED_HOSTS: "minio.example.com" });
    const local = await run(list(), { tenantId });
    expect(local.result.error).toBe("Refused to connect to 127.0.0.1: not among the instance's allowed hosts (the setting TENANTFLOW_ALLOWED_HOSTS)");
    const aws = await run(list({ endpointOverride: undefined, forcePathStyle: false, region: "eu-west-3", bucket: "some-bucket" }), { tenantId });
    expect(aws.result.error).toMatch(/^Refused to connect to some-bucket\.s3\.eu-west-3\.amazonaws\.com: not among the instance's allowed hosts/);
  });

  it("refuses a task without credentials, unless the instance lets tasks use its own AWS identity", async () => {
    setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: "true", AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET });
    try {
      const none = await run(list({ accessKeyId: undefined, secretKeyId: undefined }), { tenantId });
      expect(none.result.state).toBe("FAILED");
      expect(none.result.error).toMatch(/^No AWS credentials: set accessKeyId and secretKeyId .*TENANTFLOW_AWS_DEFAULT_CREDENTIALS/);
      const half = await run(list({ secretKeyId: undefined }), { tenantId });
      expect(half.result.error).toBe('missing property "secretKeyId": give both accessKeyId and secretKeyId');
      const sts = await run(list({ stsRoleArn: "arn:aws:iam::123456789012:role/x" }), { tenantId });
      expect(sts.result.error).toMatch(/^stsRoleArn .* is not supported/);
      // allowed: the worker's environment credentials are used
      setEnv({ TENANTFLOW_AWS_DEFAULT_CREDENTIALS: "true" });
      const instance = await run(list({ accessKeyId: undefined, secretKeyId: undefined }), { tenantId });
      expect(instance.result.state, instance.result.error ?? "").toBe("SUCCESS");
    } finally {
      setEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    }
  });

  it("bounds a download by TENANTFLOW_MAX_FILE_SIZE and an upload to this execution's files", async () => {
    setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: "true" });
    const conn = { accessKeyId: KEY_ID, secretKeyId: SECRET, endpointOverride: endpoint, forcePathStyle: true, bucket: "tf-scratch" };
    const other = await run({ id: "up", type: `${S3}.Upload`, ...conn, key: "x.txt", from: `kestra:///${NS.replace(".", "/")}/other/executions/e2/tasks/w/tr/f.txt` }, { tenantId });
    expect(other.result.state).toBe("FAILED");
    expect(other.result.error).toMatch(/is not a file of this execution$/);
    const missing = await run({ id: "down", type: `${S3}.Download`, ...conn, key: "absent.txt" }, { tenantId });
    expect(missing.result.error).toMatch(/^Downloading from S3 failed: NoSuchKey \(HTTP 404\)/);
    const neither = await run({ id: "down", type: `${S3}.Download`, ...conn }, { tenantId });
    expect(neither.result.error).toMatch(/^Invalid configuration: either specify 'key'/);
    // an object over the instance's file size limit is not stored
    const client = new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET } });
    await client.send(new PutObjectCommand({ Bucket: "tf-scratch", Key: "big.txt", Body: "0123456789" }));
    client.destroy();
    setEnv({ TENANTFLOW_MAX_FILE_SIZE: "4" });
    const big = await run({ id: "down", type: `${S3}.Download`, ...conn, key: "big.txt" }, { tenantId });
    expect(big.result.error).toBe("big.txt is 10 bytes, more than the limit of 4 bytes (TENANTFLOW_MAX_FILE_SIZE)");
    setEnv({ TENANTFLOW_MAX_FILE_SIZE: "10" });
    const fits = await run({ id: "down", type: `${S3}.Download`, ...conn, key: "big.txt" }, { tenantId });
    expect(fits.result.outputs).toMatchObject({ contentLength: 10, uri: expect.stringMatching(/\.txt$/) });
    const noAction = await run({ id: "downs", type: `${S3}.Downloads`, ...conn, prefix: "a/" }, { tenantId });
    expect(noAction.result.error).toBe('missing required property "action" (one of MOVE, DELETE, NONE)');
  });

  it("DeleteList with concurrent deletes every listed object, several at once", async () => {
    setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: "true" });
    const client = new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET } });
    // each in a folder of its own: s3rver's file store answered 500 to two deletions at once in one folder
    for (const key of ["many1/a.txt", "many2/b.txt", "many3/c.txt"]) await client.send(new PutObjectCommand({ Bucket: "tf-scratch", Key: key, Body: "abc" }));
    const { result } = await run({ ...list(), id: "purge", type: `${S3}.DeleteList`, prefix: "many", concurrent: 2 }, { tenantId });
    expect(result.outputs).toEqual({ count: 3, size: 9 });
    const left = await client.send(new ListObjectsCommand({ Bucket: "tf-scratch", Prefix: "many" }));
    expect(left.Contents ?? []).toEqual([]);
    client.destroy();
  });

  it("the task's abort signal (kill, timeout) aborts the request in flight", async () => {
    setEnv({ TENANTFLOW_HTTP_ALLOW_PRIVATE: "true" });
    let arrived!: (request: { closed: Promise<void> }) => void;
    const reached = new Promise<{ closed: Promise<void> }>((resolve) => (arrived = resolve));
    // a server that never answers; it sees when the client drops the connection
    const hang = http.createServer((req) => arrived({ closed: new Promise<void>((resolve) => req.socket.once("close", () => resolve())) }));
    await new Promise<void>((resolve) => hang.listen(0, "127.0.0.1", resolve));
    try {
      const controller = new AbortController();
      const pending = run(list({ endpointOverride: `http://127.0.0.1:${(hang.address() as AddressInfo).port}` }), { tenantId, signal: controller.signal });
      const { closed } = await reached;
      controller.abort();
      const { result } = await pending;
      expect(result.state).toBe("KILLED");
      // the request itself was aborted: its connection closed by the client
      await closed;
    } finally {
      hang.closeAllConnections();
      await new Promise((resolve) => hang.close(resolve));
    }
  });
});
