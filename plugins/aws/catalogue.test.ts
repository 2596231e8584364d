import { describe, expect, it } from "vitest";
import { validateFlowSource } from "../../lib/flows/validation";

// The validator knows the S3 types, their connection properties and their own.

const S3 = "io.kestra.plugin.aws.s3";
const CONN = "accessKeyId: \"{{ secret('AWS_ACCESS_KEY_ID') }}\"\nsecretKeyId: \"{{ secret('AWS_SECRET_KEY_ID') }}\"\nregion: eu-central-1";
const flow = (task: string) => `id: s3\nnamespace: company.team\ntasks:\n  - id: s\n${task.replace(/^/gm, "    ")}\n`;
const problems = (task: string) => {
  const result = validateFlowSource(flow(task));
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
};

describe("S3 task validation", () => {
  it.each([
    `type: ${S3}.Upload\n${CONN}\nfrom: "{{ inputs.myfile }}"\nbucket: my-bucket\nkey: path/to/file`,
    `type: ${S3}.Upload\n${CONN}\nfrom:\n  - "{{ outputs.a.uri }}"\n  - "{{ outputs.b.uri }}"\nbucket: b\nkey: dir\nmetadata:\n  a: b\nstorageClass: GLACIER\ncompatibilityMode: true`,
    `type: ${S3}.Download\n${CONN}\nbucket: my-bucket\nkey: path/to/file`,
    `type: ${S3}.Download\n${CONN}\nbucket: my-bucket\nprefix: dir/\nmaxFiles: 100`,
    `type: ${S3}.Downloads\n${CONN}\nbucket: b\nprefix: sub-dir\naction: MOVE\nmoveTo:\n  bucket: archive\n  key: done`,
    `type: ${S3}.List\n${CONN}\nbucket: b\nprefix: sub-dir\nregexp: ".*\\\\.csv"\nfilter: FILES\nendpointOverride: https://minio.example.com\nforcePathStyle: true`,
    `type: ${S3}.Delete\naccessKeyId: "<access-key>"\nsecretKeyId: "<secret-key>"\nregion: eu-central-1\nbucket: my-bucket\nkey: path/to/file`,
    `type: ${S3}.DeleteList\n${CONN}\nbucket: b\nprefix: sub-dir\nconcurrent: 4\nerrorOnEmpty: true`,
    `type: ${S3}.Copy\n${CONN}\nfrom:\n  bucket: my-bucket\n  key: path/to/file\nto:\n  bucket: my-bucket2\n  key: path/to/file2\ndelete: true`,
    `type: ${S3}.CreateBucket\n${CONN}\nbucket: my-bucket\nobjectLockEnabledForBucket: true`,
  ])("accepts %s", (task) => {
    expect(problems(task)).toEqual([]);
  });

  it.each([
    [`type: ${S3}.Upload\nbucket: b\nkey: k`, 'tasks[0].from: missing required property "from"'],
    [`type: ${S3}.Download\nkey: k`, 'tasks[0].bucket: missing required property "bucket"'],
    [`type: ${S3}.Downloads\nbucket: b`, 'tasks[0].action: missing required property "action"'],
    [`type: ${S3}.Downloads\nbucket: b\naction: ARCHIVE`, "tasks[0].action"],
    [`type: ${S3}.List\nbucket: b\nfilter: FOLDERS`, "tasks[0].filter"],
    [`type: ${S3}.DeleteList\nbucket: b\nconcurrent: 1`, "tasks[0].concurrent"],
    [`type: ${S3}.Copy\nfrom:\n  bucket: b\n  key: k\n  region: x`, "tasks[0].from.region"],
    [`type: ${S3}.List\nbucket: b\nsecretKey: x`, 'tasks[0].secretKey: unknown property "secretKey"'],
    [`type: ${S3}.Uplod\nbucket: b`, "tasks[0].type"],
  ])("refuses %s", (task, expected) => {
    const found = problems(task);
    expect(found, found.join("\n")).toEqual([expect.stringContaining(expected)]);
  });
});
