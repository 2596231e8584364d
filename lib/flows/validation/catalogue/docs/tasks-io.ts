import type { DocsByType } from "./types";

// The core tasks that reach outside the execution (HTTP), check it (Assert), or handle files of
// the internal storage and of namespaces, after the orchestrator's plugin documentation.

const P = "io.kestra.plugin.core";
const HTTP = {
  uri: "The fully-qualified URI to call (http or https). Hosts on loopback, private or link-local addresses are refused unless the instance allows them.",
  method: "The HTTP method (GET by default).",
  body: "The full request body, as text.",
  formData: "Form fields to send (form-urlencoded, or multipart when contentType is multipart/form-data).",
  contentType: "The request content type (application/json by default for a body).",
  headers: "The request headers, a map of names to values.",
  options:
    "HTTP options: auth ({type: BASIC, username, password} or {type: BEARER, token}), followRedirects (true), allowFailed (false: a code of 400 or more fails the task), allowedResponseCodes, timeout.connectTimeout, timeout.readIdleTimeout (PT5M), maxContentLength, defaultCharset (UTF-8).",
  sslOptions: "SSL options; accepted, not acted on: certificates are always verified.",
};

export const IO_TASK_DOCS: DocsByType = {
  [`${P}.http.Request`]: {
    description:
      "Sends an HTTP request and keeps the response as outputs: `code`, `headers`, `body` (text) and `uri` (the URL requested). For large payloads use Download.",
    properties: { ...HTTP, encryptBody: "Encrypt the body in the outputs; not supported yet (the task fails when true)." },
    example:
      "- id: call\n  type: io.kestra.plugin.core.http.Request\n  uri: https://api.example.com/orders\n  method: POST\n  body: \"{{ {'id': inputs.id} | toJson }}\"\n  options:\n    auth:\n      type: BEARER\n      token: \"{{ secret('API_TOKEN') }}\"",
  },
  [`${P}.http.Download`]: {
    description:
      "Downloads a file over HTTP(S) into the internal storage: outputs `uri` (the stored file), `code`, `headers` and `length`.",
    properties: {
      ...HTTP,
      failOnEmptyResponse: "Fail when the downloaded file is empty (true by default).",
      saveAs: "The name of the stored file (by default the Content-Disposition's, or the URI's last segment).",
    },
    example: "- id: extract\n  type: io.kestra.plugin.core.http.Download\n  uri: https://example.com/data/orders.csv",
  },
  [`${P}.execution.Assert`]: {
    description: "Checks conditions: every condition that renders false (\"\", 0, -0 or false) is logged, and the task fails naming them.",
    properties: {
      conditions: "The conditions to check, each an expression that must render true.",
      errorMessage: "A message put before the list of failed conditions.",
    },
    example: "- id: check\n  type: io.kestra.plugin.core.execution.Assert\n  conditions:\n    - \"{{ inputs.amount > 0 }}\"\n    - \"{{ outputs.call.code == 200 }}\"",
  },
  [`${P}.storage.Write`]: {
    description: "Writes text to a new file in the internal storage; outputs its `uri`.",
    properties: { content: "The file's content.", extension: "The file's extension (for example .txt)." },
    example: "- id: write\n  type: io.kestra.plugin.core.storage.Write\n  content: \"{{ outputs.call.body }}\"\n  extension: .json",
  },
  [`${P}.storage.Concat`]: {
    description: "Concatenates files of the internal storage (this execution's) into a new file; outputs its `uri`.",
    properties: {
      files: "The kestra:/// URIs to join, in order: a list, or an expression rendering a JSON list.",
      separator: "Text put between two files (none by default).",
      extension: "The new file's extension (.tmp by default).",
    },
    example:
      "- id: concat\n  type: io.kestra.plugin.core.storage.Concat\n  files:\n    - \"{{ outputs.first.uri }}\"\n    - \"{{ outputs.second.uri }}\"\n  separator: \"\\n\"",
  },
  [`${P}.storage.Size`]: {
    description: "Answers the size in bytes of a file of the internal storage (this execution's) as `size`.",
    properties: { uri: "The kestra:/// URI of the file." },
    example: "- id: size\n  type: io.kestra.plugin.core.storage.Size\n  uri: \"{{ outputs.extract.uri }}\"",
  },
  [`${P}.storage.Delete`]: {
    description: "Deletes a file of the internal storage (this execution's); outputs `uri` and `deleted`.",
    properties: { uri: "The kestra:/// URI of the file.", errorOnMissing: "Fail when the file does not exist (false by default)." },
    example: "- id: delete\n  type: io.kestra.plugin.core.storage.Delete\n  uri: \"{{ outputs.extract.uri }}\"",
  },
  [`${P}.storage.Split`]: {
    description: "Splits a file of the internal storage (this execution's) into several files by lines; outputs their `uris`. Give one of bytes, partitions, rows or regexPattern.",
    properties: {
      from: "The kestra:/// URI of the file to split.",
      bytes: "Files of at most this size (10MB, 200KB or a number of bytes), cut between lines.",
      partitions: "This many files, the lines dealt out in turn.",
      rows: "This many lines per file.",
      regexPattern: "One file per value of the pattern's first group (lines that do not match are left out).",
      separator: "The line separator (\\n by default).",
    },
    example: "- id: split\n  type: io.kestra.plugin.core.storage.Split\n  from: \"{{ outputs.extract.uri }}\"\n  rows: 1000",
  },
  [`${P}.namespace.UploadFiles`]: {
    description:
      "Uploads files into a namespace's files: from other tasks' outputs (filesMap) or from the working directory (files globs). Allowed in the flow's namespace, its descendants, and namespaces that allow the flow's.",
    properties: {
      namespace: "The namespace to upload into.",
      files: "Globs (\"glob:**/dbt/**\" or \"**.sql\") of working-directory files to upload, keeping their paths.",
      filesMap: "A map of destination file names to sources (kestra:/// URIs of this execution, or working-directory files).",
      destination: "The folder to upload into (\"/\" by default).",
      conflict: "What to do with a file that already exists: OVERWRITE (default), ERROR or SKIP.",
    },
    example:
      "- id: upload\n  type: io.kestra.plugin.core.namespace.UploadFiles\n  namespace: \"{{ flow.namespace }}\"\n  filesMap:\n    data/orders.csv: \"{{ outputs.extract.uri }}\"",
  },
  [`${P}.namespace.DownloadFiles`]: {
    description: "Copies a namespace's files matching globs into the execution's internal storage; outputs `files` (path: URI).",
    properties: {
      namespace: "The namespace to read from.",
      files: "A glob or path, or a list of them (\"**\" for every file).",
      destination: "The folder the copies are put under.",
    },
    example: "- id: download\n  type: io.kestra.plugin.core.namespace.DownloadFiles\n  namespace: company.shared\n  files:\n    - \"**.sql\"",
  },
  [`${P}.namespace.DeleteFiles`]: {
    description: "Deletes a namespace's files matching globs; outputs `files`, the deleted paths.",
    properties: {
      namespace: "The namespace to delete from.",
      files: "A glob or path, or a list of them.",
      deleteParentFolder: "Also delete the folders left empty (false by default).",
    },
    example: "- id: clean\n  type: io.kestra.plugin.core.namespace.DeleteFiles\n  namespace: \"{{ flow.namespace }}\"\n  files:\n    - \"**.tmp\"",
  },
  [`${P}.log.PurgeLogs`]: {
    description:
      "Deletes the logs written before a date, in bulk, in the flow's namespace and below (or a namespace that allows the flow's); never this execution's.",
    properties: {
      namespace: "The namespace whose logs are purged: a prefix, or the flow's namespace with flowId (the flow's namespace and below when not set).",
      flowId: "Only the logs of this flow (namespace required).",
      executionId: "Only the logs of this execution.",
      logLevels: "Only the logs of these levels (all when not set).",
      startDate: "Only the logs written from this date.",
      endDate: "Purge the logs written before this date (required).",
    },
    example: "- id: purge_logs\n  type: io.kestra.plugin.core.log.PurgeLogs\n  endDate: \"{{ now() | dateAdd(-1, 'MONTHS') }}\"\n  logLevels: [TRACE, DEBUG, INFO]",
  },
  [`${P}.execution.PurgeExecutions`]: {
    description:
      "Deletes the executions that ended before a date, with their logs and files, in the flow's namespace and below (or a namespace that allows the flow's); never this execution. Outputs the counts.",
    properties: {
      namespace: "The namespace whose executions are purged: a prefix, or the flow's namespace with flowId (the flow's namespace and below when not set).",
      flowId: "Only the executions of this flow (namespace required).",
      startDate: "Only the executions started from this date.",
      endDate: "Purge the executions that ended before this date (required).",
      states: "Only the executions in these states (any when not set).",
      purgeExecution: "Delete the executions themselves (true by default).",
      purgeLog: "Delete their logs (true by default).",
      purgeMetric: "Delete their metrics (true by default; no metrics are kept).",
      purgeStorage: "Delete their files in the internal storage (true by default).",
      batchSize: "How many executions are read at a time (100).",
    },
    example: "- id: purge\n  type: io.kestra.plugin.core.execution.PurgeExecutions\n  endDate: \"{{ now() | dateAdd(-1, 'MONTHS') }}\"\n  states: [SUCCESS, WARNING]",
  },
  [`${P}.kv.PurgeKV`]: {
    description: "Deletes KV keys (expired ones by default) in namespaces the flow may act on; outputs `size`, the number deleted.",
    properties: {
      namespaces: "The namespaces to purge (the flow's when neither this nor namespacePattern is set).",
      namespacePattern: "A glob of the namespaces to purge, instead of namespaces.",
      keyPattern: "Only the keys matching this glob (e.g. AI_*).",
      includeChildNamespaces: "Also purge the namespaces below those listed (true by default).",
      behavior: "How keys are purged: {type: key, expiredOnly: true} by default; expiredOnly: false deletes every matching key.",
      expiredOnly: "Deprecated: behavior.expiredOnly.",
    },
    example: "- id: purge_kv\n  type: io.kestra.plugin.core.kv.PurgeKV\n  namespaces: [company]\n  expiredOnly: true",
  },
};
