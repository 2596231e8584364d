import path from "node:path";
import type { Readable } from "node:stream";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
  type _Object,
} from "@aws-sdk/client-s3";
import { config } from "../../lib/config";
import { boolean, requiredText, text } from "../../lib/executions/tasks/props";
import { listOf, readExecutionFile, storeTaskFile } from "../../lib/executions/tasks/storage-common";
import { TaskFailure, type RunnerContext, type TaskRunner } from "../../lib/executions/tasks/types";
import { ACTIONS, CHECKSUM_ALGORITHMS, LIST_FILTERS, S3, SERVER_SIDE_ENCRYPTIONS, STORAGE_CLASSES } from "./catalogue";
import { describeS3Error, s3ClientFor } from "./client";

// The runners of io.kestra.plugin.aws.s3, after the orchestrator's AWS plugin: the same
// properties, defaults and outputs. Downloaded objects become files of the task run in internal
// storage (bounded by TENANTFLOW_MAX_FILE_SIZE); uploads read files of this execution only.

type Props = Record<string, unknown>;

const given = (props: Props, key: string): string | undefined => {
  const v = text(props, key);
  return v === undefined || v === "" ? undefined : v;
};

function integer(props: Props, key: string, fallback?: number): number | undefined {
  const v = given(props, key);
  if (v === undefined) return fallback;
  if (!/^[-+]?\d+$/.test(v.trim())) throw new TaskFailure(`property "${key}" must be an integer, not "${v}"`);
  return Number(v.trim());
}

function choice<T extends string>(props: Props, key: string, values: readonly T[], fallback?: T): T | undefined {
  const v = given(props, key)?.trim();
  if (v === undefined) return fallback;
  if (!(values as readonly string[]).includes(v)) throw new TaskFailure(`property "${key}" must be one of ${values.join(", ")}, not "${v}"`);
  return v as T;
}

/** A rendered map property of strings (a map, or text holding a JSON object). */
function stringMap(props: Props, key: string): Record<string, string> | undefined {
  let v = props[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      throw new TaskFailure(`property "${key}" must be a map, or a JSON object`);
    }
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new TaskFailure(`property "${key}" must be a map, or a JSON object`);
  return Object.fromEntries(Object.entries(v).map(([k, val]) => [k, typeof val === "string" ? val : JSON.stringify(val)]));
}

function date(props: Props, key: string): Date | undefined {
  const v = given(props, key);
  if (v === undefined) return undefined;
  const d = new Date(v.trim());
  if (Number.isNaN(d.getTime())) throw new TaskFailure(`property "${key}" must be an ISO-8601 instant such as 2030-01-01T00:00:00Z, not "${v}"`);
  return d;
}

/** Drops the keys whose value is undefined or null (the orchestrator's outputs leave them out). */
const compact = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;

/** Runs `fn` with the task's client, turning SDK errors into messages for the user. */
async function withClient<T>(ctx: RunnerContext, props: Props, what: string, fn: (client: S3Client) => Promise<T>): Promise<T> {
  const client = s3ClientFor(props);
  try {
    return await fn(client);
  } catch (e) {
    if (ctx.signal.aborted) throw new TaskFailure(`${what}: aborted`);
    throw describeS3Error(e, what);
  } finally {
    client.destroy();
  }
}

const sse = (v: string | undefined) => (v === undefined || v === "NONE" ? undefined : v === "AWS_KMS" ? "aws:kms" : v === "AWS_KMS_DSSE" ? "aws:kms:dsse" : v);

// ---- List ------------------------------------------------------------------------------------

export type S3ObjectOutput = {
  key: string;
  etag?: string;
  size?: number;
  lastModified?: string;
  owner?: { id?: string; displayName?: string };
  uri?: string;
};

function keyFilter(props: Props): (key: string) => boolean {
  const source = given(props, "regexp");
  let regexp: RegExp | null = null;
  if (source !== undefined) {
    try {
      // the orchestrator matches the whole key (Java's String.matches)
      regexp = new RegExp(`^(?:${source})$`, "s");
    } catch (e) {
      throw new TaskFailure(`property "regexp" is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  const filter = choice(props, "filter", LIST_FILTERS, "BOTH");
  return (key) =>
    (regexp === null || regexp.test(key)) &&
    (filter === "BOTH" || (filter === "DIRECTORY" && key.endsWith("/")) || (filter === "FILES" && !key.endsWith("/")));
}

const objectOutput = (o: _Object): S3ObjectOutput =>
  compact({
    key: o.Key ?? "",
    etag: o.ETag,
    size: o.Size,
    lastModified: o.LastModified?.toISOString(),
    owner: o.Owner ? compact({ id: o.Owner.ID, displayName: o.Owner.DisplayName }) : undefined,
  }) as S3ObjectOutput;

/** One ListObjects call with the listing properties, its objects filtered by `regexp` and `filter`, at most `maxFiles`. */
async function listObjects(ctx: RunnerContext, client: S3Client, props: Props, overrides: { filter?: string } = {}): Promise<S3ObjectOutput[]> {
  const bucket = requiredText(props, "bucket");
  const maxKeys = integer(props, "maxKeys", 1000)!;
  if (maxKeys < 1) throw new TaskFailure(`property "maxKeys" must be at least 1, not ${maxKeys}`);
  const response = await client.send(
    new ListObjectsCommand({
      Bucket: bucket,
      MaxKeys: maxKeys,
      Prefix: given(props, "prefix"),
      Delimiter: given(props, "delimiter"),
      Marker: given(props, "marker"),
      EncodingType: given(props, "encodingType") as "url" | undefined,
      ExpectedBucketOwner: given(props, "expectedBucketOwner"),
      RequestPayer: given(props, "requestPayer") as "requester" | undefined,
    }),
    { abortSignal: ctx.signal },
  );
  const keep = keyFilter({ ...props, ...overrides });
  const objects = (response.Contents ?? []).filter((o) => o.Key !== undefined && keep(o.Key)).map(objectOutput);
  const maxFiles = integer(props, "maxFiles", 25)!;
  if (objects.length > maxFiles) {
    ctx.log(
      "WARN",
      `Listing returned ${objects.length} files but maxFiles limit is ${maxFiles}. Only the first ${maxFiles} files will be returned. Increase the maxFiles property if you need more files.`,
    );
    return objects.slice(0, maxFiles);
  }
  return objects;
}

export const listTask: TaskRunner = async (ctx) =>
  withClient(ctx, ctx.props, "Listing the bucket", async (client) => {
    const objects = await listObjects(ctx, client, ctx.props);
    ctx.log("DEBUG", `Found ${objects.length} keys on ${requiredText(ctx.props, "bucket")} with regexp=${given(ctx.props, "regexp") ?? "null"}, prefix=${given(ctx.props, "prefix") ?? "null"}`);
    return { outputs: { objects } };
  });

// ---- Download --------------------------------------------------------------------------------

/** A file extension for a key's object in internal storage (".csv"), "" when it has none usable. */
function extensionOfKey(key: string): string {
  const ext = path.posix.extname(key);
  return /^\.[A-Za-z0-9_-]{1,20}$/.test(ext) ? ext : "";
}

async function readBody(body: unknown, limit: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) {
      (body as Readable).destroy?.();
      throw new TaskFailure(`The object is more than the limit of ${limit} bytes (TENANTFLOW_MAX_FILE_SIZE)`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

type Downloaded = { uri: string; contentLength?: number; contentType?: string; metadata?: Record<string, string>; eTag?: string; versionId?: string };

/** Gets one object into a new file of the task run; answers its URI and the object's properties. */
async function downloadObject(ctx: RunnerContext, client: S3Client, props: Props, bucket: string, key: string, versionId?: string): Promise<Downloaded> {
  const limit = config().maxFileSize;
  const response = await client.send(
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      VersionId: versionId,
      RequestPayer: given(props, "requestPayer") as "requester" | undefined,
      ExpectedBucketOwner: given(props, "expectedBucketOwner"),
    }),
    { abortSignal: ctx.signal },
  );
  if ((response.ContentLength ?? 0) > limit) {
    (response.Body as Readable | undefined)?.destroy?.();
    throw new TaskFailure(`${key} is ${response.ContentLength} bytes, more than the limit of ${limit} bytes (TENANTFLOW_MAX_FILE_SIZE)`);
  }
  const bytes = await readBody(response.Body, limit);
  const uri = await storeTaskFile(ctx, bytes, extensionOfKey(key));
  return compact({
    uri,
    contentLength: response.ContentLength ?? bytes.byteLength,
    contentType: response.ContentType,
    metadata: response.Metadata,
    eTag: response.ETag,
    versionId: response.VersionId,
  }) as Downloaded;
}

export const downloadTask: TaskRunner = async (ctx) => {
  const props = ctx.props;
  const bucket = requiredText(props, "bucket");
  const key = given(props, "key");
  const multiple = ["prefix", "delimiter", "regexp"].some((k) => props[k] !== undefined && props[k] !== null);
  if (!multiple && key === undefined)
    throw new TaskFailure("Invalid configuration: either specify 'key' for single file download or at least one filtering parameter (prefix, delimiter, regexp) for multiple files download");
  return withClient(ctx, props, "Downloading from S3", async (client) => {
    if (!multiple) {
      const one = await downloadObject(ctx, client, props, bucket, key!, given(props, "versionId"));
      return { outputs: one };
    }
    const objects = await listObjects(ctx, client, props, { filter: "FILES" });
    if (objects.length === 0) ctx.log("WARN", "No objects found matching the filter criteria");
    const files: Record<string, Downloaded> = {};
    for (const o of objects) files[o.key] = await downloadObject(ctx, client, props, bucket, o.key);
    return { outputs: { files } };
  });
};

// ---- Downloads -------------------------------------------------------------------------------

type CopyTarget = { bucket: string; key: string; serverSideEncryption?: string; kmsKeyId?: string };

function copyTarget(value: unknown, what: string): CopyTarget {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new TaskFailure(`property "${what}" must be a map with bucket and key`);
  const v = value as Props;
  return compact({
    bucket: requiredText(v, "bucket"),
    key: text(v, "key") ?? "",
    serverSideEncryption: choice(v, "serverSideEncryption", SERVER_SIDE_ENCRYPTIONS),
    kmsKeyId: given(v, "kmsKeyId"),
  }) as CopyTarget;
}

/** S3's CopySource: the bucket and the key, URL-encoded except its slashes. */
const copySource = (bucket: string, key: string, versionId?: string) =>
  `${bucket}/${encodeURIComponent(key).replace(/%2F/g, "/")}${versionId ? `?versionId=${encodeURIComponent(versionId)}` : ""}`;

async function copyObject(ctx: RunnerContext, client: S3Client, from: { bucket: string; key: string; versionId?: string }, to: CopyTarget) {
  const encryption = sse(to.serverSideEncryption);
  const response = await client.send(
    new CopyObjectCommand({
      Bucket: to.bucket,
      Key: to.key,
      CopySource: copySource(from.bucket, from.key, from.versionId),
      ...(encryption ? { ServerSideEncryption: encryption as "AES256" } : {}),
      ...(encryption === "aws:kms" && to.kmsKeyId ? { SSEKMSKeyId: to.kmsKeyId } : {}),
    }),
    { abortSignal: ctx.signal },
  );
  return response;
}

async function deleteObject(ctx: RunnerContext, client: S3Client, bucket: string, key: string, extra: Partial<ConstructorParameters<typeof DeleteObjectCommand>[0]> = {}) {
  return client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, ...extra }), { abortSignal: ctx.signal });
}

export const downloadsTask: TaskRunner = async (ctx) => {
  const props = ctx.props;
  const bucket = requiredText(props, "bucket");
  const action = choice(props, "action", ACTIONS);
  if (action === undefined) throw new TaskFailure(`missing required property "action" (one of ${ACTIONS.join(", ")})`);
  const moveTo = action === "MOVE" ? copyTarget(props.moveTo, "moveTo") : undefined;
  return withClient(ctx, props, "Downloading from S3", async (client) => {
    const listed = await listObjects(ctx, client, props);
    const objects: S3ObjectOutput[] = [];
    for (const o of listed) {
      if (o.key.endsWith("/")) continue; // a folder
      objects.push({ ...o, uri: (await downloadObject(ctx, client, props, bucket, o.key)).uri });
    }
    const outputFiles = Object.fromEntries(objects.map((o) => [o.key, o.uri]));
    if (action === "DELETE") {
      for (const o of listed) await deleteObject(ctx, client, bucket, o.key);
    } else if (action === "MOVE") {
      for (const o of listed) {
        const key = `${`${moveTo!.key}/`.replace(/\/+$/, "")}/${path.posix.basename(o.key)}`;
        await copyObject(ctx, client, { bucket, key: o.key }, { ...moveTo!, key });
        await deleteObject(ctx, client, bucket, o.key);
      }
    }
    return { outputs: { objects, outputFiles } };
  });
};

// ---- Upload ----------------------------------------------------------------------------------

/** `from`: one URI, a list of them, or text holding a JSON list of them. */
function fromUris(value: unknown): string[] {
  if (value === undefined || value === null || value === "") throw new TaskFailure('missing required property "from"');
  const list = typeof value === "string" && !value.trim().startsWith("[") ? [value] : listOf(value, "from");
  return list.map((u, i) => {
    if (typeof u !== "string" || u.trim() === "") throw new TaskFailure(`property "from": item ${i + 1} must be a kestra:/// URI`);
    return u.trim();
  });
}

function putOptions(props: Props): Partial<PutObjectCommandInput> {
  const algorithm = choice(props, "checksumAlgorithm", CHECKSUM_ALGORITHMS);
  const checksum = given(props, "checksum");
  const tagging = stringMap(props, "tagging");
  const sum: Partial<PutObjectCommandInput> = {};
  if (algorithm && checksum) {
    const field = { CRC32: "ChecksumCRC32", CRC32C: "ChecksumCRC32C", CRC32_C: "ChecksumCRC32C", SHA1: "ChecksumSHA1", SHA256: "ChecksumSHA256", CRC64NVME: "ChecksumCRC64NVME" }[algorithm];
    (sum as Record<string, string>)[field] = checksum;
  }
  const encryption = sse(choice(props, "serverSideEncryption", SERVER_SIDE_ENCRYPTIONS));
  return compact({
    RequestPayer: given(props, "requestPayer") as "requester" | undefined,
    Metadata: stringMap(props, "metadata"),
    CacheControl: given(props, "cacheControl"),
    ContentType: given(props, "contentType"),
    ContentEncoding: given(props, "contentEncoding"),
    ContentDisposition: given(props, "contentDisposition"),
    ContentLanguage: given(props, "contentLanguage"),
    Expires: date(props, "expires"),
    ACL: given(props, "acl") as PutObjectCommandInput["ACL"],
    StorageClass: choice(props, "storageClass", STORAGE_CLASSES) as PutObjectCommandInput["StorageClass"],
    ServerSideEncryption: encryption as PutObjectCommandInput["ServerSideEncryption"],
    BucketKeyEnabled: props.bucketKeyEnabled === undefined || props.bucketKeyEnabled === null ? undefined : boolean(props, "bucketKeyEnabled", false),
    ChecksumAlgorithm: (algorithm === "CRC32_C" ? "CRC32C" : algorithm) as PutObjectCommandInput["ChecksumAlgorithm"],
    ExpectedBucketOwner: given(props, "expectedBucketOwner"),
    ObjectLockMode: given(props, "objectLockMode") as PutObjectCommandInput["ObjectLockMode"],
    ObjectLockLegalHoldStatus: given(props, "objectLockLegalHoldStatus") as PutObjectCommandInput["ObjectLockLegalHoldStatus"],
    ObjectLockRetainUntilDate: date(props, "objectLockRetainUntilDate"),
    Tagging: tagging ? new URLSearchParams(tagging).toString() : undefined,
    ...sum,
  });
}

export const uploadTask: TaskRunner = async (ctx) => {
  const props = ctx.props;
  const bucket = requiredText(props, "bucket");
  const key = requiredText(props, "key");
  const uris = fromUris(props.from);
  if (uris.length === 0) throw new TaskFailure("No files to upload: the 'from' property contains an empty collection or array");
  const options = putOptions(props);
  const contentLength = integer(props, "contentLength");
  return withClient(ctx, props, "Uploading to S3", async (client) => {
    const put = async (uri: string, objectKey: string) => {
      const body = await readExecutionFile(ctx, uri);
      ctx.log("DEBUG", `Uploading to '${objectKey}'`);
      const response = await client.send(
        new PutObjectCommand({ ...options, Bucket: bucket, Key: objectKey, Body: body, ContentLength: contentLength ?? body.byteLength }),
        { abortSignal: ctx.signal },
      );
      return { response, size: body.byteLength };
    };
    if (uris.length === 1) {
      const { response } = await put(uris[0], key);
      return { outputs: compact({ bucket, key, eTag: response.ETag, versionId: response.VersionId }) };
    }
    const files: Record<string, Record<string, unknown>> = {};
    for (const uri of uris) {
      const name = path.posix.basename(uri);
      const { response, size } = await put(uri, path.posix.join(key, name));
      files[name] = compact({ eTag: response.ETag, versionId: response.VersionId, contentLength: size });
    }
    return { outputs: { bucket, key, files } };
  });
};

// ---- Delete, DeleteList ----------------------------------------------------------------------

export const deleteTask: TaskRunner = async (ctx) => {
  const props = ctx.props;
  const bucket = requiredText(props, "bucket");
  const key = requiredText(props, "key");
  return withClient(ctx, props, `Deleting ${key}`, async (client) => {
    const response = await deleteObject(ctx, client, bucket, key, {
      BypassGovernanceRetention: props.bypassGovernanceRetention === undefined || props.bypassGovernanceRetention === null ? undefined : boolean(props, "bypassGovernanceRetention", false),
      MFA: given(props, "mfa"),
      RequestPayer: given(props, "requestPayer") as "requester" | undefined,
    });
    return { outputs: compact({ versionId: response.VersionId, deleteMarker: response.DeleteMarker, requestCharged: response.RequestCharged }) };
  });
};

export const deleteListTask: TaskRunner = async (ctx) => {
  const props = ctx.props;
  const bucket = requiredText(props, "bucket");
  const concurrent = integer(props, "concurrent");
  if (concurrent !== undefined && concurrent < 2) throw new TaskFailure(`property "concurrent" must be at least 2, not ${concurrent}`);
  const errorOnEmpty = boolean(props, "errorOnEmpty", false);
  return withClient(ctx, props, "Deleting from S3", async (client) => {
    // every listed key (the orchestrator's DeleteList has no maxFiles)
    const objects = await listObjects(ctx, client, { ...props, maxFiles: Number.MAX_SAFE_INTEGER });
    let count = 0;
    let size = 0;
    const queue = [...objects];
    const worker = async () => {
      for (let o = queue.shift(); o; o = queue.shift()) {
        ctx.log("DEBUG", `Deleting '${o.key}'`);
        await deleteObject(ctx, client, bucket, o.key);
        count += 1;
        size += o.size ?? 0;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrent ?? 1, Math.max(queue.length, 1)) }, worker));
    if (errorOnEmpty && count === 0)
      throw new TaskFailure(`Unable to find any files to delete on ${bucket} with regexp='${given(props, "regexp") ?? "null"}', prefix='${given(props, "prefix") ?? "null"}'`);
    ctx.log("INFO", `Deleted ${count} keys for ${size} bytes`);
    return { outputs: { count, size } };
  });
};

// ---- Copy, CreateBucket ----------------------------------------------------------------------

export const copyTask: TaskRunner = async (ctx) => {
  const props = ctx.props;
  if (typeof props.from !== "object" || props.from === null) throw new TaskFailure('missing required property "from" (a map with bucket and key)');
  const from = props.from as Props;
  const source = { bucket: requiredText(from, "bucket"), key: requiredText(from, "key"), versionId: given(from, "versionId") };
  if (props.to === undefined || props.to === null) throw new TaskFailure('missing required property "to" (a map with bucket and/or key)');
  if (typeof props.to !== "object" || Array.isArray(props.to)) throw new TaskFailure('property "to" must be a map with bucket and key');
  const to = props.to as Props;
  const target: CopyTarget = compact({
    bucket: given(to, "bucket") ?? source.bucket,
    key: given(to, "key") ?? source.key,
    serverSideEncryption: choice(to, "serverSideEncryption", SERVER_SIDE_ENCRYPTIONS),
    kmsKeyId: given(to, "kmsKeyId"),
  }) as CopyTarget;
  const remove = boolean(props, "delete", false);
  return withClient(ctx, props, `Copying ${source.key}`, async (client) => {
    const response = await copyObject(ctx, client, source, target);
    if (remove) await deleteObject(ctx, client, source.bucket, source.key);
    return { outputs: compact({ bucket: target.bucket, key: target.key, eTag: response.CopyObjectResult?.ETag, versionId: response.VersionId }) };
  });
};

export const createBucketTask: TaskRunner = async (ctx) => {
  const props = ctx.props;
  const bucket = requiredText(props, "bucket");
  return withClient(ctx, props, `Creating bucket ${bucket}`, async (client) => {
    const region = given(props, "region");
    const response = await client.send(
      new CreateBucketCommand(
        compact({
          Bucket: bucket,
          GrantFullControl: given(props, "grantFullControl"),
          GrantRead: given(props, "grantRead"),
          GrantReadACP: given(props, "grantReadACP"),
          GrantWrite: given(props, "grantWrite"),
          GrantWriteACP: given(props, "grantWriteACP"),
          ACL: given(props, "acl") as "private" | undefined,
          ObjectLockEnabledForBucket:
            props.objectLockEnabledForBucket === undefined || props.objectLockEnabledForBucket === null ? undefined : boolean(props, "objectLockEnabledForBucket", false),
          // outside us-east-1, AWS wants the bucket's region named
          CreateBucketConfiguration: region && region !== "us-east-1" ? { LocationConstraint: region as "eu-west-1" } : undefined,
        }) as ConstructorParameters<typeof CreateBucketCommand>[0],
      ),
      { abortSignal: ctx.signal },
    );
    return { outputs: compact({ bucket, region: response.Location }) };
  });
};

export const S3_RUNNERS: Readonly<Record<string, TaskRunner>> = {
  [`${S3}.Upload`]: uploadTask,
  [`${S3}.Download`]: downloadTask,
  [`${S3}.Downloads`]: downloadsTask,
  [`${S3}.List`]: listTask,
  [`${S3}.Delete`]: deleteTask,
  [`${S3}.DeleteList`]: deleteListTask,
  [`${S3}.Copy`]: copyTask,
  [`${S3}.CreateBucket`]: createBucketTask,
};
