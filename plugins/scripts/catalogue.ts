import { z } from "zod";
import { bool, dynBool, dynMap, dynTextList, isExpression, kinded, map, mapOrText, nonEmptyText, oneOf, opt, text, textList } from "../../lib/flows/validation/catalogue/props";
import type { TaskEntry } from "../../lib/flows/validation/catalogue/types";

// io.kestra.plugin.scripts.{shell,python,node}: Commands and Script, with the properties the
// orchestrator's script plugins share (its AbstractExecScript).

export const PROCESS_RUNNER = "io.kestra.plugin.core.runner.Process";
export const DOCKER_RUNNER = "io.kestra.plugin.scripts.runner.docker.Docker";
export const TASK_RUNNERS = [PROCESS_RUNNER, DOCKER_RUNNER] as const;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `taskRunner`: a map whose `type` is a runner this instance knows; the Docker runner's own options are not checked here. */
export const taskRunner = kinded(
  z.unknown().superRefine((v, c) => {
    if (!isMap(v)) c.addIssue({ code: "custom", message: "must be a mapping with a type" });
    else if (!TASK_RUNNERS.includes(v.type as (typeof TASK_RUNNERS)[number]))
      c.addIssue({ code: "custom", message: `type must be one of ${TASK_RUNNERS.join(", ")}` });
    else if (v.type === PROCESS_RUNNER && Object.keys(v).some((k) => k !== "type" && k !== "version"))
      c.addIssue({ code: "custom", message: `${PROCESS_RUNNER} takes no properties` });
  }),
  { kind: "map" },
);

export const namespaceFiles = z.strictObject({
  enabled: opt(dynBool),
  include: opt(dynTextList),
  exclude: opt(dynTextList),
  namespaces: opt(dynTextList),
  ifExists: opt(oneOf(["OVERWRITE", "FAIL", "WARN", "IGNORE"])),
  folderPerNamespace: opt(dynBool),
});

const shared = {
  beforeCommands: opt(dynTextList),
  containerImage: opt(text),
  env: opt(dynMap),
  failFast: opt(dynBool),
  inputFiles: opt(mapOrText),
  outputFiles: opt(dynTextList),
  namespaceFiles: opt(namespaceFiles),
  interpreter: opt(textList),
  taskRunner: opt(taskRunner),
  targetOS: opt(oneOf(["AUTO", "LINUX", "WINDOWS"])),
  warningOnStdErr: opt(dynBool),
  // deprecated in the orchestrator, still loaded
  docker: opt(map),
  runner: opt(oneOf(["PROCESS", "DOCKER"])),
  outputDirectory: opt(bool),
};
const isCommandList = (v: unknown) =>
  isExpression(v) || (Array.isArray(v) && v.length > 0 && v.every((c) => typeof c === "string" || typeof c === "number" || typeof c === "boolean"));
const commands = {
  commands: kinded(z.unknown().refine(isCommandList, { error: "must be a non-empty list of commands or a {{ expression }}" }), { kind: "list", dynamic: true }),
};
const script = { script: nonEmptyText };
const python = { dependencies: opt(dynTextList), dependencyCacheEnabled: opt(dynBool), pythonVersion: opt(text) };

const S = "io.kestra.plugin.scripts";
export const shellCommands: TaskEntry = { type: `${S}.shell.Commands`, shape: { ...shared, ...commands } };
export const shellScript: TaskEntry = { type: `${S}.shell.Script`, shape: { ...shared, ...script } };
export const pythonCommands: TaskEntry = { type: `${S}.python.Commands`, shape: { ...shared, ...python, ...commands } };
export const pythonScript: TaskEntry = { type: `${S}.python.Script`, shape: { ...shared, ...python, ...script } };
export const nodeCommands: TaskEntry = { type: `${S}.node.Commands`, shape: { ...shared, ...commands } };
export const nodeScript: TaskEntry = { type: `${S}.node.Script`, shape: { ...shared, ...script } };

export const SCRIPT_TASKS: readonly TaskEntry[] = [shellCommands, shellScript, pythonCommands, pythonScript, nodeCommands, nodeScript];

/** The properties a script runner renders itself, with `workingDir` and `outputDir` among the variables. */
export const SCRIPT_LAZY_PROPERTIES = ["beforeCommands", "commands", "script", "env", "inputFiles"] as const;
