import type { DocsByType } from "./types";

// The core tasks that do one thing (log, output, execution, state, KV, storage), after the
// orchestrator's plugin documentation.

const P = "io.kestra.plugin.core";
const LEVEL = "The level the message is logged at (INFO when not set).";
const STATE_NAME = "The name of the state file (default: default).";
const STATE_NAMESPACE = "Share the state with the whole namespace rather than keeping it to this flow.";
const STATE_TASKRUN = "Keep a separate state per task run value (inside a loop).";
const KV_NAMESPACE = "The namespace of the KV store (the flow's own namespace when not set).";

export const SIMPLE_TASK_DOCS: DocsByType = {
  [`${P}.log.Log`]: {
    description: "Logs one or several messages in the execution's logs.",
    properties: { message: "The message to log, or a list of messages; expressions are rendered.", level: LEVEL },
    example: "- id: hello\n  type: io.kestra.plugin.core.log.Log\n  level: INFO\n  message: \"Hello from {{ flow.id }}\"",
  },
  [`${P}.log.Fetch`]: {
    description: "Gathers the logs of an execution (this one by default) into a file in internal storage.",
    properties: {
      namespace: "The namespace of the flow whose logs are fetched.",
      flowId: "The flow whose logs are fetched.",
      executionId: "The execution whose logs are fetched (this execution when not set).",
      tasksId: "Fetch only the logs of these tasks.",
      level: "The lowest log level fetched.",
    },
    example: "- id: fetch\n  type: io.kestra.plugin.core.log.Fetch\n  level: WARN",
  },
  [`${P}.debug.Return`]: {
    description: "Renders a template and returns it as the task's `value` output: handy to compute a value or debug an expression.",
    properties: { format: "The template to render; the result becomes the `value` output." },
    example: "- id: greeting\n  type: io.kestra.plugin.core.debug.Return\n  format: \"{{ execution.id }} started at {{ execution.startDate }}\"",
  },
  [`${P}.debug.Echo`]: {
    description: "Logs a rendered message. Deprecated: use log.Log.",
    properties: { format: "The message to render and log.", level: LEVEL },
    example: "- id: echo\n  type: io.kestra.plugin.core.debug.Echo\n  format: \"{{ task.id }}\"",
  },
  [`${P}.output.OutputValues`]: {
    description: "Publishes values as the task's outputs, for later tasks and the flow's outputs to use.",
    properties: { values: "The values to output, as a map of names to values (expressions are rendered)." },
    example: "- id: out\n  type: io.kestra.plugin.core.output.OutputValues\n  values:\n    status: done\n    count: \"{{ 1 + 1 }}\"",
  },
  [`${P}.execution.Fail`]: {
    description: "Fails the execution, always or when a condition renders to true, with an error message.",
    properties: {
      condition: "Fail only when this expression renders to true.",
      errorMessage: "The message of the failure.",
    },
    example: "- id: stop\n  type: io.kestra.plugin.core.execution.Fail\n  condition: \"{{ inputs.amount > 1000 }}\"\n  errorMessage: Amount too large",
  },
  [`${P}.execution.Labels`]: {
    description: "Adds labels to the running execution, or changes their values.",
    properties: { labels: "The labels to set: a map of keys to values, or a list of {key, value}." },
    example: "- id: label\n  type: io.kestra.plugin.core.execution.Labels\n  labels:\n    customer: \"{{ inputs.customer }}\"",
  },
  [`${P}.execution.Resume`]: {
    description: "Resumes a paused execution (this one's parent by default), optionally giving the inputs its Pause asked for.",
    properties: {
      namespace: "The namespace of the paused execution's flow.",
      flowId: "The flow of the paused execution.",
      executionId: "The paused execution to resume.",
      inputs: "The inputs for the paused task's onResume.",
    },
    example: "- id: resume\n  type: io.kestra.plugin.core.execution.Resume\n  executionId: \"{{ inputs.execution }}\"",
  },
  [`${P}.state.Get`]: {
    description: "Reads a state file saved by state.Set. Deprecated: use the KV store.",
    properties: { name: STATE_NAME, namespace: STATE_NAMESPACE, taskrunValue: STATE_TASKRUN, errorOnMissing: "Fail when the state does not exist." },
    example: "- id: get\n  type: io.kestra.plugin.core.state.Get\n  name: cursor",
  },
  [`${P}.state.Set`]: {
    description: "Saves data in a state file, merged with what it held. Deprecated: use the KV store.",
    properties: { name: STATE_NAME, namespace: STATE_NAMESPACE, taskrunValue: STATE_TASKRUN, data: "The values to merge into the state." },
    example: "- id: set\n  type: io.kestra.plugin.core.state.Set\n  name: cursor\n  data:\n    last: \"{{ execution.startDate }}\"",
  },
  [`${P}.state.Delete`]: {
    description: "Deletes a state file. Deprecated: use the KV store.",
    properties: { name: STATE_NAME, namespace: STATE_NAMESPACE, taskrunValue: STATE_TASKRUN, errorOnMissing: "Fail when the state does not exist." },
    example: "- id: delete\n  type: io.kestra.plugin.core.state.Delete\n  name: cursor",
  },
  [`${P}.kv.Get`]: {
    description: "Reads a value from the namespace's key-value store into the task's `value` output.",
    properties: { key: "The key to read.", namespace: KV_NAMESPACE, errorOnMissing: "Fail when the key does not exist (otherwise the output is empty)." },
    example: "- id: get\n  type: io.kestra.plugin.core.kv.Get\n  key: last_run",
  },
  [`${P}.kv.Set`]: {
    description: "Writes a value in the namespace's key-value store.",
    properties: {
      key: "The key to write.",
      value: "The value to store.",
      namespace: KV_NAMESPACE,
      overwrite: "Replace an existing value (true by default); when false, an existing key fails the task.",
      ttl: "How long the value is kept (ISO-8601 duration); kept forever when not set.",
      kvType: "How the value is typed when stored.",
      kvDescription: "A description stored with the key.",
    },
    example: "- id: set\n  type: io.kestra.plugin.core.kv.Set\n  key: last_run\n  value: \"{{ execution.startDate }}\"\n  ttl: P30D",
  },
  [`${P}.kv.Delete`]: {
    description: "Deletes a key from the namespace's key-value store.",
    properties: { key: "The key to delete.", namespace: KV_NAMESPACE, errorOnMissing: "Fail when the key does not exist." },
    example: "- id: delete\n  type: io.kestra.plugin.core.kv.Delete\n  key: last_run",
  },
  [`${P}.storage.LocalFiles`]: {
    description: "Creates files in the working directory from text or storage, and sends files back to storage. Deprecated: use WorkingDirectory's inputFiles and outputFiles.",
    properties: {
      inputs: "The files to create: a map of file names to contents.",
      outputs: "Files (glob patterns) of the working directory to send to internal storage.",
    },
    example: "- id: files\n  type: io.kestra.plugin.core.storage.LocalFiles\n  inputs:\n    hello.txt: Hello",
  },
};
