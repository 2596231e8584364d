import { z } from "zod";
import { bool, dynBool, dynMap, dynTextList, isExpression, kinded, map, mapOrText, nonEmptyText, oneOf, opt, text, textList } from "../../lib/flows/validation/catalogue/props";
import type { TaskEntry } from "../../lib/flows/validation/catalogue/types";

// io.kestra.plugin.scripts.{shell,python,node}: Commands and Script, with the properties the
// orchestrator's script plugins share (its AbstractExecScript).

export const PROCESS_RUNNER = "io.kestra.plugin.core.runner.Process";
export const DOCKER_RUNNER = "io.kestra.plugin.scripts.runner.docker.Docker";
export const TASK_RUNNERS = [PROCESS_RUNNER, DOCKER_RUNNER] as const;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const numberOrText = kinded(
  z.unknown().refine((v) => typeof v === "number" || (typeof v === "string" && v.trim() !== ""), { error: "must be a number or a string" }),
  { kind: "number" },
);

/** The Docker task runner's own properties (the orchestrator's io.kestra.plugin.scripts.runner.docker.Docker). */
export const dockerRunnerShape = {
  type: opt(text),
  version: opt(text),
  image: opt(text),
  pullPolicy: opt(oneOf(["IF_NOT_PRESENT", "ALWAYS", "NEVER"])),
  cpu: opt(z.strictObject({ cpus: opt(numberOrText) })),
  memory: opt(
    z.strictObject({
      memory: opt(numberOrText),
      memorySwap: opt(numberOrText),
      memorySwappiness: opt(numberOrText),
      memoryReservation: opt(numberOrText),
      kernelMemory: opt(numberOrText),
      oomKillDisable: opt(dynBool),
    }),
  ),
  user: opt(text),
  entryPoint: opt(dynTextList),
  extraHosts: opt(dynTextList),
  networkMode: opt(text),
  shmSize: opt(text),
  wait: opt(dynBool),
  delete: opt(dynBool),
  killContainerOnStop: opt(dynBool),
  resume: opt(dynBool),
  fileHandlingStrategy: opt(oneOf(["VOLUME", "MOUNT"])),
  credentials: opt(
    z.strictObject({ registry: opt(text), username: opt(text), password: opt(text), registryToken: opt(text), identityToken: opt(text), auth: opt(text) }),
  ),
  config: opt(mapOrText),
  host: opt(text),
  privileged: opt(dynBool),
  volumes: opt(dynTextList),
  portBindings: opt(dynTextList),
  deviceRequests: opt(z.array(map, { error: "must be a list of device requests" })),
};
export const dockerRunner = z.strictObject(dockerRunnerShape);

/** `taskRunner`: a map whose `type` is a runner this instance knows, with that runner's properties. */
export const taskRunner = kinded(
  z.unknown().superRefine((v, c) => {
    if (!isMap(v)) c.addIssue({ code: "custom", message: "must be a mapping with a type" });
    else if (!TASK_RUNNERS.includes(v.type as (typeof TASK_RUNNERS)[number]))
      c.addIssue({ code: "custom", message: `type must be one of ${TASK_RUNNERS.join(", ")}` });
    else if (v.type === PROCESS_RUNNER && Object.keys(v).some((k) => k !== "type" && k !== "version"))
      c.addIssue({ code: "custom", message: `${PROCESS_RUNNER} takes no properties` });
    else if (v.type === DOCKER_RUNNER) {
      const parsed = dockerRunner.safeParse(v);
      if (!parsed.success)
        for (const issue of parsed.error.issues)
          c.addIssue({ code: "custom", message: issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message });
    }
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
  docker: opt(dockerRunner),
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
