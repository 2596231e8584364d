import type { DocsByType, TypeDocs } from "../../lib/flows/validation/catalogue/docs/types";
import { S3 } from "./catalogue";

// The S3 tasks' documentation, after the orchestrator's AWS plugin.

const CONNECTION: Record<string, string> = {
  accessKeyId: "The access key id to connect to AWS, usually {{ secret('AWS_ACCESS_KEY_ID') }}. Required, with secretKeyId, unless the instance lets tasks use its own AWS identity (TENANTFLOW_AWS_DEFAULT_CREDENTIALS).",
  secretKeyId: "The secret access key to connect to AWS, usually {{ secret('AWS_SECRET_KEY_ID') }}: masked in logs.",
  sessionToken: "The session token of temporary credentials (from AWS STS), with accessKeyId and secretKeyId.",
  region: "The AWS region, such as eu-central-1 (us-east-1 when not set).",
  endpointOverride: "The endpoint to call instead of AWS, for an S3-compatible service (MinIO, R2, ...), such as https://minio.example.com. It must be among the instance's allowed hosts.",
  forcePathStyle: "Address the bucket in the path (https://host/bucket/key) rather than in the host name (https://bucket.host/key); most S3-compatible services need it. False when not set.",
  compatibilityMode: "Kept for the orchestrator's flows (it chose a client there): this instance always uses the standard S3 client, which works with S3-compatible services.",
  stsRoleArn: "Assuming an IAM role through STS is not supported here: a task giving it fails with a message.",
  stsRoleExternalId: "The external id of the role to assume (with stsRoleArn, not supported here).",
  stsRoleSessionName: "The session name of the role to assume (with stsRoleArn, not supported here).",
  stsRoleSessionDuration: "The duration of the role session (with stsRoleArn, not supported here).",
  stsEndpointOverride: "The STS endpoint (with stsRoleArn, not supported here).",
};
const OBJECT: Record<string, string> = {
  ...CONNECTION,
  bucket: "The S3 bucket's name.",
  requestPayer: "Set to `requester` to confirm that the requester pays for the request on a Requester Pays bucket.",
};
const LISTING: Record<string, string> = {
  prefix: "Only the keys starting with this prefix.",
  delimiter: "A character that groups keys: keys sharing a prefix up to it are not listed one by one.",
  marker: "The key after which the listing starts (any key of the bucket).",
  encodingType: "The encoding of the keys in S3's answer (url).",
  maxKeys: "The most keys S3 answers in one listing (1000 when not set).",
  expectedBucketOwner: "The account id that must own the bucket; otherwise the request fails with 403 Forbidden.",
  regexp: "A regular expression the whole key must match, such as `.*2020-01-0.\\\\.csv`.",
  filter: "The objects to keep: FILES, DIRECTORY (keys ending with /) or BOTH (the default).",
  maxFiles: "The most objects kept (25 when not set); past it the rest are dropped, with a warning.",
};
const COPY_OBJECT = "a map of `bucket`, `key`, and optionally `serverSideEncryption` (AES256, AWS_KMS, ...) and `kmsKeyId`";

const CREDS = `    accessKeyId: "{{ secret('AWS_ACCESS_KEY_ID') }}"\n    secretKeyId: "{{ secret('AWS_SECRET_KEY_ID') }}"\n    region: "eu-central-1"`;
const example = (id: string, type: string, own: string) => `- id: ${id}\n  type: ${S3}.${type}\n${CREDS.replace(/^ {2}/gm, "")}\n${own}`;

const entry = (description: string, properties: Record<string, string>, ex: string): TypeDocs => ({ description, properties, example: ex });

export const S3_TASK_DOCS: DocsByType = {
  [`${S3}.Upload`]: entry(
    "Uploads a file, or several, of this execution's internal storage to an S3 bucket. Outputs: `bucket`, `key`, `eTag` and `versionId`; for several files `files`, by file name, with each one's `eTag`, `versionId` and `contentLength`.",
    {
      ...OBJECT,
      from: "The file(s) to upload: a kestra:/// URI of this execution, a list of them, or a JSON array of them.",
      key: "The object's key (with the file name), or the folder the files go in when `from` names several.",
      metadata: "A map of metadata stored with the object.",
      cacheControl: "The object's Cache-Control.",
      contentType: "The object's MIME type.",
      contentEncoding: "The object's Content-Encoding (the encodings applied to its content).",
      contentDisposition: "The object's Content-Disposition.",
      contentLanguage: "The language of the content.",
      contentLength: "The size of the body in bytes (the file's size when not set).",
      expires: "The instant after which the object is no longer cacheable (ISO-8601).",
      acl: "The canned ACL applied to the object (private, public-read, ...).",
      storageClass: "The storage class (STANDARD when not set).",
      serverSideEncryption: "The server-side encryption algorithm: AES256, aws:kms, aws:kms:dsse.",
      bucketKeyEnabled: "Use an S3 Bucket Key for SSE-KMS encryption.",
      checksumAlgorithm: "The algorithm of `checksum`: CRC32, CRC32C, SHA1, SHA256.",
      checksum: "The checksum S3 verifies the received data against (with checksumAlgorithm).",
      expectedBucketOwner: "The account id that must own the bucket; otherwise the request fails with 403 Forbidden.",
      objectLockMode: "The Object Lock mode applied to the object: GOVERNANCE or COMPLIANCE.",
      objectLockLegalHoldStatus: "Whether a legal hold applies to the object: ON or OFF.",
      objectLockRetainUntilDate: "The instant the object's Object Lock expires (ISO-8601).",
      tagging: "A map of tags set on the object.",
    },
    example("upload", "Upload", `  from: "{{ outputs.write.uri }}"\n  bucket: "my-bucket"\n  key: "path/to/file.txt"`),
  ),
  [`${S3}.Download`]: entry(
    "Downloads an object of an S3 bucket (with `key`) into internal storage: outputs `uri`, `contentLength`, `contentType`, `metadata`, `eTag`, `versionId`. With `prefix`, `delimiter` or `regexp` instead, downloads every matching object: `files` maps each key to those properties. Each object may be at most the instance's file size limit (TENANTFLOW_MAX_FILE_SIZE).",
    {
      ...OBJECT,
      key: "The key of the object to download.",
      versionId: "The version of the object (single object only).",
      prefix: LISTING.prefix + " Downloads every matching object.",
      delimiter: LISTING.delimiter,
      marker: LISTING.marker,
      maxKeys: LISTING.maxKeys,
      regexp: LISTING.regexp + " Downloads every matching object.",
      maxFiles: LISTING.maxFiles,
      expectedBucketOwner: LISTING.expectedBucketOwner,
    },
    example("download", "Download", `  bucket: "my-bucket"\n  key: "path/to/file.txt"`),
  ),
  [`${S3}.Downloads`]: entry(
    "Downloads the objects of an S3 bucket that a listing finds into internal storage, then moves or deletes them (`action`). Outputs: `objects` (each listed file's `key`, `etag`, `size`, `lastModified`, `owner` and `uri`) and `outputFiles` (keys to URIs).",
    {
      ...OBJECT,
      ...LISTING,
      action: "What to do with the listed objects once downloaded: MOVE (to `moveTo`), DELETE, or NONE (leave them: a trigger would then find them again).",
      moveTo: `Where MOVE puts the objects: ${COPY_OBJECT}; each object keeps its file name under \`key\`.`,
    },
    example("downloads", "Downloads", `  bucket: "my-bucket"\n  prefix: "incoming/"\n  action: MOVE\n  moveTo:\n    bucket: "my-bucket"\n    key: "archive"`),
  ),
  [`${S3}.List`]: entry(
    "Lists the keys of an S3 bucket. Outputs `objects`: each object's `key`, `etag`, `size`, `lastModified` and `owner`.",
    { ...OBJECT, ...LISTING },
    example("list", "List", `  bucket: "my-bucket"\n  prefix: "sub-dir"`),
  ),
  [`${S3}.Delete`]: entry(
    "Deletes an object of an S3 bucket. Outputs: `versionId`, `deleteMarker`, `requestCharged`.",
    {
      ...OBJECT,
      key: "The key of the object to delete.",
      bypassGovernanceRetention: "Bypass Object Lock governance-mode restrictions.",
      mfa: "Your authentication device's serial number, a space, and its code: needed to delete a versioned object permanently when MFA delete is on.",
    },
    example("delete", "Delete", `  bucket: "my-bucket"\n  key: "path/to/file.txt"`),
  ),
  [`${S3}.DeleteList`]: entry(
    "Deletes the objects of an S3 bucket that a listing finds. Outputs: `count` (objects deleted) and `size` (their bytes).",
    {
      ...OBJECT,
      ...LISTING,
      maxFiles: "Not used: every listed object is deleted.",
      concurrent: "How many deletions run at once (at least 2; one after the other when not set).",
      errorOnEmpty: "Fail when no object matches (false when not set).",
    },
    example("delete_list", "DeleteList", `  bucket: "my-bucket"\n  prefix: "tmp/"`),
  ),
  [`${S3}.Copy`]: entry(
    "Copies an object within S3 (in a bucket or between buckets), and deletes the source with `delete: true`. Outputs: `bucket`, `key`, `eTag`, `versionId`.",
    {
      ...CONNECTION,
      from: "The source: a map of `bucket`, `key` and optionally `versionId`.",
      to: `The destination: ${COPY_OBJECT}; a missing bucket or key is the source's.`,
      delete: "Delete the source once copied (a move); false when not set.",
    },
    example("copy", "Copy", `  from:\n    bucket: "my-bucket"\n    key: "path/to/file"\n  to:\n    bucket: "my-bucket2"\n    key: "path/to/file2"`),
  ),
  [`${S3}.CreateBucket`]: entry(
    "Creates an S3 bucket. Outputs: `bucket` and `region` (the bucket's location).",
    {
      ...CONNECTION,
      bucket: "The name of the bucket to create.",
      grantFullControl: "Grantees allowed to read, write, read and write the ACL of the bucket.",
      grantRead: "Grantees allowed to list the objects of the bucket.",
      grantReadACP: "Grantees allowed to read the bucket's ACL.",
      grantWrite: "Grantees allowed to create, overwrite and delete objects of the bucket.",
      grantWriteACP: "Grantees allowed to write the bucket's ACL.",
      acl: "The canned ACL applied to the bucket (private, public-read, ...).",
      objectLockEnabledForBucket: "Enable S3 Object Lock on the new bucket.",
    },
    example("create_bucket", "CreateBucket", `  bucket: "my-bucket"`),
  ),
};
