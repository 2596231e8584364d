import { NESTED_TASKS } from "./shared";
import type { DocsByType } from "./types";

// The core flowable tasks (groups, loops, branches, waiting, subflows), after the orchestrator's
// plugin documentation.

const P = "io.kestra.plugin.core.flow";
const TASKS = "The tasks to run, in order.";
const CHILD = {
  namespace: "The namespace of the flow to run.",
  flowId: "The id of the flow to run.",
  revision: "The revision of the flow to run (the latest when not set).",
  inputs: "The inputs given to the flow.",
  labels: "Labels added to the new execution.",
  wait: "Wait for the new execution to end before going on.",
  transmitFailed: "Fail this task when the new execution fails (needs wait).",
  inheritLabels: "Give the new execution this execution's labels.",
  scheduleDate: "Start the new execution at this date rather than now.",
  restartBehavior: "What restarting this task does: retry the failed execution, or start a new one.",
};

export const FLOWABLE_TASK_DOCS: DocsByType = {
  [`${P}.Sequential`]: {
    description: "Runs a group of tasks one after the other.",
    properties: { tasks: TASKS, ...NESTED_TASKS },
    example: "- id: steps\n  type: io.kestra.plugin.core.flow.Sequential\n  tasks:\n    - id: first\n      type: io.kestra.plugin.core.log.Log\n      message: one",
  },
  [`${P}.Parallel`]: {
    description: "Runs a group of tasks at the same time.",
    properties: { tasks: "The tasks to run in parallel.", concurrent: "How many tasks run at once (0: all of them).", ...NESTED_TASKS },
    example: "- id: fan_out\n  type: io.kestra.plugin.core.flow.Parallel\n  concurrent: 2\n  tasks:\n    - id: a\n      type: io.kestra.plugin.core.log.Log\n      message: a",
  },
  [`${P}.AllowFailure`]: {
    description: "Runs tasks whose failure does not fail the execution: the execution ends in WARNING instead.",
    properties: { tasks: TASKS, ...NESTED_TASKS },
    example: "- id: best_effort\n  type: io.kestra.plugin.core.flow.AllowFailure\n  tasks:\n    - id: may_fail\n      type: io.kestra.plugin.core.execution.Fail",
  },
  [`${P}.WorkingDirectory`]: {
    description: "Runs tasks one after the other on the same worker, sharing one working directory for their files.",
    properties: {
      tasks: "The runnable tasks to run in the shared directory.",
      cache: "Cache files of the directory between executions: glob patterns and how long (ttl).",
      namespaceFiles: "Copy the namespace's files into the directory (enabled, include, exclude).",
      inputFiles: "Files to create in the directory: a map of file names to contents.",
      outputFiles: "Files (glob patterns) of the directory to send to internal storage.",
      ...NESTED_TASKS,
    },
    example: "- id: wdir\n  type: io.kestra.plugin.core.flow.WorkingDirectory\n  inputFiles:\n    data.csv: \"a,b\"\n  tasks:\n    - id: read\n      type: io.kestra.plugin.core.log.Log\n      message: ready",
  },
  [`${P}.ForEach`]: {
    description: "Runs a group of tasks once for each value of a list; `taskrun.value` holds the current value.",
    properties: {
      values: "The values to loop over: a list, or a string holding a JSON array.",
      concurrencyLimit: "How many values run at once: 1 (the default) one after the other, 0 all at once.",
      tasks: "The tasks to run for each value.",
      ...NESTED_TASKS,
    },
    example: "- id: each\n  type: io.kestra.plugin.core.flow.ForEach\n  values: [\"a\", \"b\"]\n  tasks:\n    - id: show\n      type: io.kestra.plugin.core.log.Log\n      message: \"{{ taskrun.value }}\"",
  },
  [`${P}.EachSequential`]: {
    description: "Runs a group of tasks for each value, one value after the other. Deprecated: use ForEach.",
    properties: { value: "The values to loop over.", tasks: "The tasks to run for each value.", ...NESTED_TASKS },
    example: "- id: each\n  type: io.kestra.plugin.core.flow.EachSequential\n  value: [\"a\", \"b\"]\n  tasks:\n    - id: show\n      type: io.kestra.plugin.core.log.Log\n      message: \"{{ taskrun.value }}\"",
  },
  [`${P}.EachParallel`]: {
    description: "Runs a group of tasks for each value, the values in parallel. Deprecated: use ForEach with concurrencyLimit.",
    properties: { value: "The values to loop over.", concurrent: "How many values run at once (0: all).", tasks: "The tasks to run for each value.", ...NESTED_TASKS },
    example: "- id: each\n  type: io.kestra.plugin.core.flow.EachParallel\n  value: [\"a\", \"b\"]\n  tasks:\n    - id: show\n      type: io.kestra.plugin.core.log.Log\n      message: \"{{ taskrun.value }}\"",
  },
  [`${P}.WaitFor`]: {
    description: "Runs a group of tasks again and again until a condition renders to true, or a limit is reached.",
    properties: {
      condition: "The expression checked after each iteration; the loop ends when it renders to true.",
      tasks: "The tasks to run at each iteration.",
      failOnMaxReached: "Fail the task when a limit of checkFrequency is reached before the condition holds.",
      checkFrequency: "The loop's limits: maxIterations, maxDuration, and the interval between iterations.",
      ...NESTED_TASKS,
    },
    example: "- id: poll\n  type: io.kestra.plugin.core.flow.WaitFor\n  condition: \"{{ outputs.check.value == 'ready' }}\"\n  checkFrequency:\n    interval: PT30S\n    maxIterations: 20\n  tasks:\n    - id: check\n      type: io.kestra.plugin.core.debug.Return\n      format: ready",
  },
  [`${P}.If`]: {
    description: "Runs the `then` tasks when a condition renders to true, the `else` tasks otherwise.",
    properties: {
      condition: "The expression to test; true, a non-empty string or a non-zero number count as true.",
      then: "The tasks to run when the condition holds.",
      else: "The tasks to run when it does not.",
      ...NESTED_TASKS,
    },
    example: "- id: check\n  type: io.kestra.plugin.core.flow.If\n  condition: \"{{ inputs.send }}\"\n  then:\n    - id: yes\n      type: io.kestra.plugin.core.log.Log\n      message: sending",
  },
  [`${P}.Switch`]: {
    description: "Runs the tasks of the case whose name equals the rendered value, or the defaults when none does.",
    properties: {
      value: "The expression whose rendered value picks the case.",
      cases: "A map of values to the tasks to run for each.",
      defaults: "The tasks to run when no case matches.",
      ...NESTED_TASKS,
    },
    example: "- id: route\n  type: io.kestra.plugin.core.flow.Switch\n  value: \"{{ inputs.env }}\"\n  cases:\n    prod:\n      - id: deploy\n        type: io.kestra.plugin.core.log.Log\n        message: deploying",
  },
  [`${P}.Dag`]: {
    description: "Runs tasks as a directed acyclic graph: each task starts once the tasks it depends on have succeeded.",
    properties: {
      tasks: "The graph's entries: each a `task` and the ids it `dependsOn`.",
      concurrent: "How many tasks run at once (0: no limit).",
      ...NESTED_TASKS,
    },
    example: "- id: dag\n  type: io.kestra.plugin.core.flow.Dag\n  tasks:\n    - task:\n        id: extract\n        type: io.kestra.plugin.core.log.Log\n        message: extract\n    - task:\n        id: load\n        type: io.kestra.plugin.core.log.Log\n        message: load\n      dependsOn: [extract]",
  },
  [`${P}.Sleep`]: {
    description: "Waits for a fixed duration before going on.",
    properties: { duration: "How long to wait (ISO-8601 duration such as PT30S)." },
    example: "- id: wait\n  type: io.kestra.plugin.core.flow.Sleep\n  duration: PT30S",
  },
  [`${P}.Pause`]: {
    description: "Pauses the execution until someone resumes it (in the UI or the API), or until pauseDuration has passed.",
    properties: {
      pauseDuration: "Resume by itself after this duration (then `behavior` applies).",
      delay: "Older spelling of pauseDuration.",
      behavior: "What happens when pauseDuration ends: resume, end in warning, cancel or fail.",
      onResume: "Inputs asked for when resuming, declared as flow inputs.",
      tasks: "Tasks run after the pause (deprecated: put them after the Pause task).",
      ...NESTED_TASKS,
    },
    example: "- id: approval\n  type: io.kestra.plugin.core.flow.Pause\n  onResume:\n    - id: approved\n      type: BOOLEAN\n      defaults: true",
  },
  [`${P}.Subflow`]: {
    description: "Starts an execution of another flow, optionally waiting for it and failing when it fails.",
    properties: { ...CHILD, outputs: "Values from the called execution to publish as outputs (deprecated: declare outputs on the called flow)." },
    example: "- id: child\n  type: io.kestra.plugin.core.flow.Subflow\n  namespace: company.team\n  flowId: child_flow\n  wait: true\n  transmitFailed: true\n  inputs:\n    name: \"{{ inputs.name }}\"",
  },
  [`${P}.ForEachItem`]: {
    description: "Splits a file of internal storage into batches and starts one execution of another flow per batch; `taskrun.items` holds the batch.",
    properties: {
      ...CHILD,
      items: "The internal-storage URI of the file to split, e.g. an earlier task's output.",
      batch: "How to split: rows per batch, bytes, partitions, or a separator.",
      ...NESTED_TASKS,
    },
    example: "- id: each_item\n  type: io.kestra.plugin.core.flow.ForEachItem\n  items: \"{{ outputs.extract.uri }}\"\n  batch:\n    rows: 100\n  namespace: company.team\n  flowId: process_batch\n  wait: true\n  inputs:\n    file: \"{{ taskrun.items }}\"",
  },
};
