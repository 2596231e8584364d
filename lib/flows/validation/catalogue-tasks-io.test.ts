import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { validateFlowSource } from "./index";

// The catalogue entries of the HTTP, Assert, storage, namespace-files and purge tasks: the
// orchestrator's documented properties accepted, anything else (or a bad value) refused.

const P = "io.kestra.plugin.core";

/** The problems of a flow of one task (path, message); [] when it is accepted. */
function problems(task: Record<string, unknown>) {
  const result = validateFlowSource(stringify({ id: "f", namespace: "company.team", tasks: [{ id: "t", ...task }] }));
  return result.ok ? [] : result.problems.map((p) => [p.path, p.message]);
}

describe("the catalogue of the core I/O tasks", () => {
  it.each([
    [`${P}.http.Request`, { uri: "https://example.com", method: "POST", body: "{}", contentType: "application/json", headers: { A: "b" }, formData: { a: 1 }, options: { allowFailed: true, auth: { type: "BEARER", token: "t" } }, sslOptions: {}, encryptBody: false }],
    [`${P}.http.Request`, { uri: "{{ inputs.url }}", method: "{{ inputs.method }}", options: "{{ inputs.options }}" }],
    [`${P}.http.Download`, { uri: "https://example.com/a.csv", method: "GET", failOnEmptyResponse: false, saveAs: "a.csv", options: { followRedirects: false } }],
    [`${P}.execution.Assert`, { conditions: ["{{ 1 == 1 }}"], errorMessage: "boom" }],
    [`${P}.storage.Write`, { content: "hi", extension: ".txt" }],
    [`${P}.storage.Concat`, { files: ["kestra:///a", "kestra:///b"], separator: "\n", extension: ".csv" }],
    [`${P}.storage.Concat`, { files: "{{ outputs.x.uris | jq('.[]') }}" }],
    [`${P}.storage.Size`, { uri: "{{ outputs.w.uri }}" }],
    [`${P}.storage.Split`, { from: "{{ outputs.w.uri }}", bytes: "10MB", separator: "\r\n" }],
    [`${P}.storage.Split`, { from: "{{ outputs.w.uri }}", partitions: "{{ inputs.n }}" }],
    [`${P}.storage.Delete`, { uri: "{{ outputs.w.uri }}", errorOnMissing: true }],
    [`${P}.namespace.UploadFiles`, { namespace: "company.team", files: ["glob:**/dbt/**"], filesMap: { "a.csv": "kestra:///x" }, destination: "/", conflict: "SKIP" }],
    [`${P}.namespace.UploadFiles`, { namespace: "{{ flow.namespace }}", filesMap: "{{ outputs.unzip.files }}" }],
    [`${P}.namespace.DownloadFiles`, { namespace: "tutorial", files: "**input.txt", destination: "in" }],
    [`${P}.namespace.DeleteFiles`, { namespace: "tutorial", files: ["**.upl"], deleteParentFolder: true }],
    [`${P}.log.PurgeLogs`, { endDate: "{{ now() | dateAdd(-1, 'MONTHS') }}", logLevels: ["TRACE", "DEBUG"], namespace: "a", flowId: "f", executionId: "e", startDate: "2026-01-01T00:00:00Z" }],
    [`${P}.execution.PurgeExecutions`, { endDate: "2026-01-01T00:00:00Z", states: ["KILLED", "FAILED"], purgeExecution: true, purgeLog: false, purgeMetric: true, purgeStorage: "{{ true }}", batchSize: 50 }],
    [`${P}.kv.PurgeKV`, { expiredOnly: true, namespaces: ["company"], includeChildNamespaces: true, keyPattern: "AI_*" }],
    [`${P}.kv.PurgeKV`, { namespacePattern: "company*", behavior: { type: "key", expiredOnly: false } }],
  ])("accepts %s with its documented properties", (type, props) => {
    expect(problems({ type, ...props })).toEqual([]);
  });

  it.each([
    [`${P}.http.Request`, {}, "tasks[0].uri", 'missing required property "uri"'],
    [`${P}.http.Request`, { uri: "https://x", method: "BREW" }, "tasks[0].method", "must be one of"],
    [`${P}.http.Request`, { uri: "https://x", timeoutt: "PT1S" }, "tasks[0].timeoutt", 'unknown property "timeoutt"'],
    [`${P}.http.Download`, { uri: "https://x", failOnEmptyResponse: "maybe" }, "tasks[0].failOnEmptyResponse", "must be true or false"],
    [`${P}.http.Download`, { uri: "https://x", headers: ["a"] }, "tasks[0].headers", "must be a mapping"],
    [`${P}.execution.Assert`, { errorMessage: "x" }, "tasks[0].conditions", 'missing required property "conditions"'],
    [`${P}.execution.Assert`, { conditions: [{ a: 1 }] }, "tasks[0].conditions", "must be a list of strings"],
    [`${P}.storage.Write`, { extension: ".txt" }, "tasks[0].content", 'missing required property "content"'],
    [`${P}.storage.Concat`, { separator: "," }, "tasks[0].files", 'missing required property "files"'],
    [`${P}.storage.Size`, {}, "tasks[0].uri", 'missing required property "uri"'],
    [`${P}.storage.Split`, { from: "x", rows: "many" }, "tasks[0].rows", "must be an integer"],
    [`${P}.storage.Delete`, { uri: "x", errorOnMissing: "perhaps" }, "tasks[0].errorOnMissing", "must be true or false"],
    [`${P}.namespace.UploadFiles`, { filesMap: {} }, "tasks[0].namespace", 'missing required property "namespace"'],
    [`${P}.namespace.UploadFiles`, { namespace: "a", conflict: "MERGE" }, "tasks[0].conflict", "must be one of OVERWRITE, ERROR, SKIP"],
    [`${P}.namespace.DownloadFiles`, { namespace: "a" }, "tasks[0].files", 'missing required property "files"'],
    [`${P}.namespace.DeleteFiles`, { namespace: "a", files: ["x"], recursive: true }, "tasks[0].recursive", 'unknown property "recursive"'],
    [`${P}.log.PurgeLogs`, { namespace: "a" }, "tasks[0].endDate", 'missing required property "endDate"'],
    [`${P}.execution.PurgeExecutions`, { endDate: "x", batchSize: "many" }, "tasks[0].batchSize", "must be an integer"],
    [`${P}.kv.PurgeKV`, { expiredOnly: "sometimes" }, "tasks[0].expiredOnly", "must be true or false"],
  ])("refuses %s with %j", (type, props, path, message) => {
    const found = problems({ type, ...props });
    expect(found).toContainEqual([path, expect.stringContaining(message)]);
  });
});
