// What the properties every task and every trigger share mean, after the orchestrator's flow
// reference. Read by the editor's help only: the validator does not import this folder.

export const SHARED_TASK_PROPERTIES: Record<string, string> = {
  id: "The task's identifier, unique across the whole flow (nested tasks included). Letters, digits, _ and -.",
  type: "The task's type: which plugin class runs it.",
  version: "The plugin version to use, when several are installed.",
  pluginDefaultsRef: "The name of the plugin defaults to apply to this task, in place of those chosen by type.",
  description: "Free text shown with the task in the topology and the execution pages (Markdown).",
  retry: "How to retry the task when it fails: a constant, exponential or random policy with its intervals and a maximum of attempts.",
  timeout: "The longest time the task may run (ISO-8601 duration such as PT10M); past it the task is killed and fails.",
  disabled: "When true the task is skipped, as if it were not in the flow.",
  workerGroup: "Run the task on the workers of this group (key), and what to do when none is available (fallback).",
  logLevel: "The lowest level of the task's logs that is kept; lower levels are dropped.",
  allowFailure: "When true a failure of this task does not fail the execution: the execution ends in WARNING.",
  allowWarning: "When true a warning of this task ends the execution in SUCCESS rather than WARNING.",
  logToFile: "Store the task's logs in a file in internal storage rather than in the database.",
  runIf: "An expression; the task runs only when it renders to true, and is skipped otherwise.",
  taskCache: "Cache the task's outputs: enabled, and for how long (ttl) the cached outputs are reused.",
};

export const SHARED_TRIGGER_PROPERTIES: Record<string, string> = {
  id: "The trigger's identifier, unique in the flow. Changing it makes a new trigger (a Schedule starts over from now).",
  type: "The trigger's type: which plugin class evaluates it.",
  version: "The plugin version to use, when several are installed.",
  description: "Free text shown with the trigger.",
  conditions: "Conditions that must all hold for the trigger to start an execution.",
  disabled: "When true the trigger never starts an execution.",
  workerGroup: "Evaluate the trigger on the workers of this group.",
  logLevel: "The lowest level of the trigger's logs that is kept.",
  minLogLevel: "Older spelling of logLevel.",
  labels: "Labels added to every execution this trigger starts.",
  stopAfter: "Execution states after which the trigger disables itself, e.g. [FAILED] to stop a schedule after a failure.",
  logToFile: "Store the trigger's logs in a file in internal storage rather than in the database.",
  failOnTriggerError: "Create a FAILED execution when evaluating the trigger fails, rather than only logging the error.",
  allowConcurrent: "Let the trigger be evaluated again while its previous evaluation is still running.",
  when: "An expression; the trigger starts an execution only when it renders to true.",
};

export const SHARED_CONDITION_PROPERTIES: Record<string, string> = {
  type: "The condition's type: which plugin class evaluates it.",
};

export const NESTED_TASKS = {
  errors: "Tasks to run when a task of this group fails.",
  finally: "Tasks that always run at the end of this group, whether it succeeded or failed.",
};

export const DOCS_HOME = "https://kestra.io/plugins/core";
/** The orchestrator's page for one type. */
export const docsUrl = (type: string) => `https://kestra.io/plugins/${type}`;
