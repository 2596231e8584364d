import type { DocsByType, TypeDocs } from "../../lib/flows/validation/catalogue/docs/types";

// The script tasks' documentation, after the orchestrator's script plugins.

const S = "io.kestra.plugin.scripts";
const SHARED: Record<string, string> = {
  beforeCommands: "Commands run before the script or commands, in the same shell (e.g. pip install ...).",
  containerImage: "The container image of the Docker task runner (ubuntu, python:3-slim or node when not set); the Process task runner does not use it.",
  env: "Environment variables of the process (a map of names to values). The server's own environment is never passed on.",
  failFast: "Stop at the first failing command (`set -e` for a shell interpreter); true when not set.",
  inputFiles: "Files to create in the working directory before the run: a map of file names to contents or kestra:/// URIs.",
  outputFiles: "Files (glob patterns) of the working directory to send to internal storage; the `outputFiles` output maps their names to URIs.",
  namespaceFiles: "Copy the namespace's files into the working directory: `enabled`, `include` and `exclude` globs.",
  interpreter: "The interpreter that runs the commands; [/bin/sh, -c] when not set.",
  taskRunner:
    "Where the script runs: io.kestra.plugin.core.runner.Process (a process of the worker, the default) or io.kestra.plugin.scripts.runner.docker.Docker, a container of the instance's Docker (setting TENANTFLOW_DOCKER_HOST) " +
    "whose working directory is /kestra/working-dir (`{{ workingDir }}`), the files copied in before and back after. The Docker runner's properties: " +
    "`pullPolicy` (IF_NOT_PRESENT, the default; ALWAYS; NEVER), `cpu.cpus`, `memory` (`memory`, `memorySwap`, `memorySwappiness`, `memoryReservation`, `kernelMemory`, `oomKillDisable`; sizes such as 512Mb), " +
    "`user`, `entryPoint` (none when not set), `networkMode`, `extraHosts`, `shmSize`, `wait` (false: start the container and end the task), `delete` (false: keep the ended container), " +
    "`credentials` (`registry`, `username`, `password`, `registryToken`, `identityToken`, `auth`: use secrets) or `config` (a Docker config.json) for a private registry. " +
    "`privileged`, `volumes`, `portBindings`, `deviceRequests` and networkMode host are refused unless the instance allows them (setting TENANTFLOW_DOCKER_ALLOW_HOST_ACCESS).",
  targetOS: "The operating system the commands are written for (AUTO, LINUX, WINDOWS).",
  warningOnStdErr: "Kept for older flows: standard error is logged at ERROR level and no longer changes the task's state.",
  docker: "Deprecated: the Docker options (`image` and the Docker task runner's properties), used with `runner: DOCKER`; now `taskRunner`.",
  runner: "Deprecated: PROCESS or DOCKER, now `taskRunner`.",
  outputDirectory: "Deprecated: `{{ outputDir }}` is always available.",
};
const COMMANDS = { commands: "The commands to run, one after the other, by the interpreter; `{{ workingDir }}` and `{{ outputDir }}` are available." };
const SCRIPT = { script: "The script's source, written to a file and run; `{{ workingDir }}` and `{{ outputDir }}` are available." };
const PYTHON = {
  dependencies: "Python packages to install; not installed by the task runners here (use beforeCommands, e.g. pip install).",
  dependencyCacheEnabled: "Cache installed dependencies between runs.",
  pythonVersion: "The Python version to use.",
};
const OUTPUTS = " Outputs: `exitCode`, `vars` (from `::{\"outputs\":{...}}::` lines of standard output) and `outputFiles`.";

const entry = (description: string, own: Record<string, string>, example: string): TypeDocs => ({
  description: description + OUTPUTS,
  properties: { ...SHARED, ...own },
  example,
});

export const SCRIPT_TASK_DOCS: DocsByType = {
  [`${S}.shell.Commands`]: entry(
    "Runs shell commands.",
    COMMANDS,
    `- id: shell\n  type: ${S}.shell.Commands\n  outputFiles:\n    - out.txt\n  commands:\n    - echo "hello" > out.txt\n    - echo '::{"outputs":{"done":true}}::'`,
  ),
  [`${S}.shell.Script`]: entry("Runs a shell script.", SCRIPT, `- id: shell\n  type: ${S}.shell.Script\n  script: |\n    echo "The execution is {{ execution.id }}"`),
  [`${S}.python.Commands`]: entry(
    "Runs commands, typically python on files of the working directory.",
    { ...PYTHON, ...COMMANDS },
    `- id: python\n  type: ${S}.python.Commands\n  inputFiles:\n    main.py: print("hello")\n  commands:\n    - python3 main.py`,
  ),
  [`${S}.python.Script`]: entry(
    "Runs a Python script.",
    { ...PYTHON, ...SCRIPT },
    `- id: python\n  type: ${S}.python.Script\n  script: |\n    import json\n    print("::" + json.dumps({"outputs": {"answer": 42}}) + "::")`,
  ),
  [`${S}.node.Commands`]: entry(
    "Runs commands, typically node on files of the working directory.",
    COMMANDS,
    `- id: node\n  type: ${S}.node.Commands\n  inputFiles:\n    main.js: console.log("hello")\n  commands:\n    - node main.js`,
  ),
  [`${S}.node.Script`]: entry(
    "Runs a Node.js script.",
    SCRIPT,
    `- id: node\n  type: ${S}.node.Script\n  script: |\n    console.log("::" + JSON.stringify({ outputs: { answer: 42 } }) + "::");`,
  ),
};
