import { z } from "zod";
import { dynBool, dynDuration, dynInteger, dynMap, dynOneOf, integerAtLeast, nonEmptyText, opt, text, textOrTextList } from "../../lib/flows/validation/catalogue/props";
import type { TaskEntry } from "../../lib/flows/validation/catalogue/types";

// io.kestra.plugin.aws.s3: the orchestrator's S3 tasks, with the connection properties its AWS
// plugin shares (AbstractConnection) and those of the tasks on one bucket (AbstractS3Object).

export const S3 = "io.kestra.plugin.aws.s3";

export const SERVER_SIDE_ENCRYPTIONS = ["AES256", "aws:kms", "aws:kms:dsse", "AWS_KMS", "AWS_KMS_DSSE", "NONE"] as const;
export const STORAGE_CLASSES = [
  "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER",
  "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE",
] as const;
export const CHECKSUM_ALGORITHMS = ["CRC32", "CRC32C", "CRC32_C", "SHA1", "SHA256", "CRC64NVME"] as const;
export const LIST_FILTERS = ["FILES", "DIRECTORY", "BOTH"] as const;
export const ACTIONS = ["MOVE", "DELETE", "NONE"] as const;

/** How every aws task connects (the orchestrator's AbstractConnection). */
export const connection = {
  accessKeyId: opt(text),
  secretKeyId: opt(text),
  sessionToken: opt(text),
  region: opt(text),
  endpointOverride: opt(text),
  forcePathStyle: opt(dynBool),
  compatibilityMode: opt(dynBool),
  stsRoleArn: opt(text),
  stsRoleExternalId: opt(text),
  stsRoleSessionName: opt(text),
  stsRoleSessionDuration: opt(dynDuration),
  stsEndpointOverride: opt(text),
};
const object = { ...connection, bucket: nonEmptyText, requestPayer: opt(text) };

const listing = {
  prefix: opt(text),
  delimiter: opt(text),
  marker: opt(text),
  encodingType: opt(text),
  maxKeys: opt(dynInteger),
  expectedBucketOwner: opt(text),
  regexp: opt(text),
  filter: opt(dynOneOf(LIST_FILTERS)),
  maxFiles: opt(dynInteger),
};

const copyObject = {
  bucket: opt(text),
  key: opt(text),
  serverSideEncryption: opt(dynOneOf(SERVER_SIDE_ENCRYPTIONS)),
  kmsKeyId: opt(text),
};
export const copyTo = z.strictObject(copyObject);
export const copyFrom = z.strictObject({ ...copyObject, versionId: opt(text) });

export const upload: TaskEntry = {
  type: `${S3}.Upload`,
  shape: {
    ...object,
    from: textOrTextList,
    key: nonEmptyText,
    metadata: opt(dynMap),
    cacheControl: opt(text),
    contentType: opt(text),
    contentEncoding: opt(text),
    contentDisposition: opt(text),
    contentLanguage: opt(text),
    contentLength: opt(dynInteger),
    expires: opt(text),
    acl: opt(text),
    storageClass: opt(dynOneOf(STORAGE_CLASSES)),
    serverSideEncryption: opt(dynOneOf(SERVER_SIDE_ENCRYPTIONS)),
    bucketKeyEnabled: opt(dynBool),
    checksumAlgorithm: opt(dynOneOf(CHECKSUM_ALGORITHMS)),
    checksum: opt(text),
    expectedBucketOwner: opt(text),
    objectLockMode: opt(dynOneOf(["GOVERNANCE", "COMPLIANCE"])),
    objectLockLegalHoldStatus: opt(dynOneOf(["ON", "OFF"])),
    objectLockRetainUntilDate: opt(text),
    tagging: opt(dynMap),
  },
};

export const download: TaskEntry = {
  type: `${S3}.Download`,
  shape: {
    ...object,
    key: opt(text),
    versionId: opt(text),
    prefix: opt(text),
    delimiter: opt(text),
    marker: opt(text),
    maxKeys: opt(dynInteger),
    regexp: opt(text),
    maxFiles: opt(dynInteger),
    expectedBucketOwner: opt(text),
  },
};

export const downloads: TaskEntry = {
  type: `${S3}.Downloads`,
  shape: { ...object, ...listing, action: dynOneOf(ACTIONS), moveTo: opt(copyTo) },
};

export const list: TaskEntry = { type: `${S3}.List`, shape: { ...object, ...listing } };

export const del: TaskEntry = {
  type: `${S3}.Delete`,
  shape: { ...object, key: nonEmptyText, bypassGovernanceRetention: opt(dynBool), mfa: opt(text) },
};

export const deleteList: TaskEntry = {
  type: `${S3}.DeleteList`,
  shape: {
    ...object,
    ...listing,
    concurrent: opt(integerAtLeast(2)),
    errorOnEmpty: opt(dynBool),
  },
};

export const copy: TaskEntry = {
  type: `${S3}.Copy`,
  shape: { ...connection, from: copyFrom, to: opt(copyTo), delete: opt(dynBool) },
};

export const createBucket: TaskEntry = {
  type: `${S3}.CreateBucket`,
  shape: {
    ...connection,
    bucket: nonEmptyText,
    grantFullControl: opt(text),
    grantRead: opt(text),
    grantReadACP: opt(text),
    grantWrite: opt(text),
    grantWriteACP: opt(text),
    acl: opt(text),
    objectLockEnabledForBucket: opt(dynBool),
  },
};

export const S3_TASKS: readonly TaskEntry[] = [upload, download, downloads, list, del, deleteList, copy, createBucket];
