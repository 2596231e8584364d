import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { globRegExp, contentOf, inputsOf, listFiles, safeName } from "../../lib/executions/tasks/local-files";
import { TaskFailure, type RunnerContext, type TaskRunner } from "../../lib/executions/tasks/types";
import type { LogLevel } from "../../lib/executions/types";
import { copyNamespaceFiles } from "../../lib/executions/working-directory";
import { isSafeRelativeKey } from "../../lib/storage/keys";
import { DOCKER_RUNNER, PROCESS_RUNNER } from "./catalogue";
import { parseScriptMessage } from "./lines";
import { CONTAINER_SCRATCH, CONTAINER_WORKING_DIR, dockerOptions, runContainer } from "./docker";
import { runProcess, type ProcessOutcome } from "./process";
import { refusedGroup, scriptSettings, type ScriptSettings } from "./settings";

// The script tasks: the commands run on the Process task runner (a child process of the worker, in
// the task's working directory) or on the Docker task runner (a container, the working directory
// copied in and back), with an environment of their own (never the server's). Everything but the
// run itself (files, commands, outputs, limits, failures) is shared by both.

export type Language = "shell" | "python" | "node";
export type Form = "commands" | "script";

const EXTENSION: Record<Language, string> = { shell: ".sh", python: ".py", node: ".js" };
const DEFAULT_INTERPRETER = ["/bin/sh", "-c"];
const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ksh", "ash"]);
const LEVELS = new Set<LogLevel>(["TRACE", "DEBUG", "INFO", "WARN", "ERROR"]);

const isFalse = (v: unknown) => v === false || v === "false";
const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
const strings = (v: unknown, name: string): string[] => {
  if (v === undefined || v === null) return [];
  if (typeof v === "string") {
    try {
      const parsed = JSON.parse(v) as unknown;
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // a single command
    }
    return [v];
  }
  if (!Array.isArray(v)) throw new TaskFailure(`property "${name}" must be a list of strings`);
  return v.map(String);
};

/** The server's PATH (the node binary's folder included), for finding interpreters; nothing else of its environment. */
function searchPath(): string {
  const dirs = (process.env.PATH || "/usr/local/bin:/usr/bin:/bin").split(path.delimiter);
  const nodeDir = path.dirname(process.execPath);
  if (!dirs.includes(nodeDir)) dirs.push(nodeDir);
  return dirs.join(path.delimiter);
}

function onPath(name: string, pathValue: string): boolean {
  return pathValue.split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, name)));
}

/** The environment of a container: the image's own (its PATH), the folders, and what the task gives it. */
function containerEnvironment(dir: string, tmp: string, outputDir: string, own: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = { WORKING_DIR: dir, OUTPUT_DIR: outputDir, TMPDIR: tmp };
  for (const [k, v] of Object.entries(own)) env[k] = typeof v === "string" ? v : JSON.stringify(v);
  return env;
}

/** The environment of a process: only what it needs and what the task gives it. */
export function scriptEnvironment(dir: string, tmp: string, outputDir: string, own: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = {
    PATH: searchPath(),
    HOME: dir,
    LANG: process.env.LANG || "C.UTF-8",
    TMPDIR: tmp,
    WORKING_DIR: dir,
    OUTPUT_DIR: outputDir,
  };
  for (const [k, v] of Object.entries(own)) env[k] = typeof v === "string" ? v : JSON.stringify(v);
  return env;
}

function runnerType(props: Record<string, unknown>): string {
  const runner = props.taskRunner as { type?: unknown } | undefined | null;
  if (runner && typeof runner === "object" && typeof runner.type === "string") return runner.type;
  return props.runner === "DOCKER" ? DOCKER_RUNNER : PROCESS_RUNNER;
}

const DOCKER_REFUSAL = `no Docker is configured on this instance: the Docker task runner needs a Docker daemon (setting TENANTFLOW_DOCKER_HOST); use taskRunner type ${PROCESS_RUNNER} to run the script as a process of the worker`;

async function writeInputFiles(ctx: RunnerContext, raw: unknown, dir: string) {
  for (const [name, value] of Object.entries(inputsOf(raw))) {
    const target = path.join(dir, ...safeName(name).split("/"));
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.writeFile(target, await contentOf(ctx, value));
  }
}

/**
 * Sends the files of `root` (those matching `globs`, or all) to internal storage. The worker may read
 * more than the script: a `root` the script replaced by a symbolic link is not followed, and when
 * the script runs as another user, a file that user does not own (a hard link) is left out.
 */
async function sendFiles(ctx: RunnerContext, root: string, globs: string[] | null, into: Record<string, string>, owner?: number) {
  if (!(await fsp.lstat(root).catch(() => null))?.isDirectory()) return;
  const patterns = globs?.map((g) => globRegExp(g));
  for (const file of await listFiles(root)) {
    if ((patterns && !patterns.some((p) => p.test(file))) || !isSafeRelativeKey(file)) continue;
    const full = path.join(root, ...file.split("/"));
    if (owner !== undefined && (await fsp.lstat(full)).uid !== owner) {
      ctx.log("WARN", `${file} is not kept: it does not belong to the user the script ran as`);
      continue;
    }
    into[file] = await ctx.storage.put(`${ctx.folder}/${file}`, await fsp.readFile(full));
  }
}

/** Gives a directory and everything in it to the user the script runs as. */
async function chownTree(dir: string, user: { uid: number; gid: number }) {
  await fsp.lchown(dir, user.uid, user.gid);
  for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(full, user);
    else await fsp.lchown(full, user.uid, user.gid);
  }
}

/** A runner of one script task type; `settings` replaces the instance's (tests). */
export function scriptTask(language: Language, form: Form, override: Partial<ScriptSettings> = {}): TaskRunner {
  return async (ctx) => {
    const settings = { ...scriptSettings(), ...override };
    const refused = refusedGroup(ctx.workerGroup, settings);
    if (refused) throw new TaskFailure(refused);
    const p = ctx.props;
    const onDocker = runnerType(p) === DOCKER_RUNNER;
    if (onDocker && !settings.dockerHost) throw new TaskFailure(DOCKER_REFUSAL);
    const docker = onDocker ? dockerOptions(p, language, settings) : null;
    if (language === "python" && strings(p.dependencies, "dependencies").length)
      throw new TaskFailure('"dependencies" are not installed by the task runner: install them in beforeCommands (e.g. pip install ...)');
    const nsFiles = p.namespaceFiles as { namespaces?: unknown } | undefined;
    if (nsFiles?.namespaces !== undefined && nsFiles.namespaces !== null)
      throw new TaskFailure('namespaceFiles.namespaces is not supported: only the flow\'s own namespace files are copied');
    if (p.containerImage && !docker) ctx.log("DEBUG", `containerImage ${String(p.containerImage)} is not used by the Process task runner`);

    const own = ctx.workingDir === undefined;
    const dir = ctx.workingDir ?? (await fsp.mkdtemp(path.join(os.tmpdir(), "tenantflow-script-")));
    // the script file, TMPDIR and outputDir sit outside the working directory, which a WorkingDirectory keeps
    const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), "tenantflow-script-scratch-"));
    try {
      await fsp.mkdir(path.join(scratch, "tmp"));
      const outputDir = path.join(scratch, "outputs");
      await fsp.mkdir(outputDir);
      // the folders as the script sees them: the host's, or where the container has them
      const seen = docker ? { dir: CONTAINER_WORKING_DIR, scratch: CONTAINER_SCRATCH } : { dir, scratch };
      const seenOutputDir = `${seen.scratch}/outputs`;
      const vars = { workingDir: seen.dir, outputDir: seenOutputDir };

      await copyNamespaceFiles(ctx.db, ctx.execution, p.namespaceFiles, dir);
      if (p.inputFiles !== undefined && p.inputFiles !== null) await writeInputFiles(ctx, await ctx.render(p.inputFiles, vars), dir);

      const interpreter = p.interpreter ? strings(p.interpreter, "interpreter") : DEFAULT_INTERPRETER;
      if (!interpreter.length) throw new TaskFailure('property "interpreter" must not be empty');
      const taskEnv = ((await ctx.render(p.env ?? {}, vars)) ?? {}) as Record<string, unknown>;
      const env = docker
        ? containerEnvironment(seen.dir, `${seen.scratch}/tmp`, seenOutputDir, taskEnv)
        : scriptEnvironment(dir, path.join(scratch, "tmp"), outputDir, taskEnv);
      const lines: string[] = [];
      if (!isFalse(p.failFast) && SHELLS.has(path.basename(interpreter[0]))) lines.push("set -e");
      lines.push(...strings(await ctx.render(p.beforeCommands, vars), "beforeCommands"));
      if (form === "commands") {
        const commands = strings(await ctx.render(p.commands, vars), "commands");
        if (!commands.length) throw new TaskFailure('property "commands" must hold at least one command');
        lines.push(...commands);
      } else {
        const name = `script${EXTENSION[language]}`;
        await fsp.writeFile(path.join(scratch, name), String(await ctx.render(p.script, vars)));
        // in a container, the image's `python` (as the orchestrator runs it)
        const python = docker || !onPath("python3", env.PATH) ? "python" : "python3";
        const run = language === "python" ? python : language === "node" ? "node" : interpreter[0];
        lines.push(`${run} ${quote(`${seen.scratch}/${name}`)}`);
      }

      if (settings.runAs && !docker) {
        try {
          await chownTree(dir, settings.runAs);
          await chownTree(scratch, settings.runAs);
        } catch (e) {
          throw new TaskFailure(`Cannot give the working directory to user ${settings.runAs.uid} (setting TENANTFLOW_SCRIPT_USER): ${(e as Error).message}`);
        }
      }
      const outputs: Record<string, unknown> = {};
      let outputBytes = 0;
      let logged = 0;
      let cut = false;
      // every line logged counts against the bound, those a script sends as ::{"logs":...}:: too
      const logLine = (level: LogLevel, text: string) => {
        logged += Buffer.byteLength(text, "utf8") + 1;
        if (logged <= settings.maxLogBytes) return ctx.log(level, text);
        if (!cut) ctx.log("WARN", `The script's output passed ${settings.maxLogBytes} bytes (setting TENANTFLOW_SCRIPT_MAX_LOG_BYTES): the rest is not logged`);
        cut = true;
      };
      const onLine = (stream: "stdout" | "stderr", line: string) => {
        const message = parseScriptMessage(line);
        if (!message) return logLine(stream === "stdout" ? "INFO" : "ERROR", line);
        // held in memory until the end: bounded as the task's outputs are
        outputBytes += line.length;
        if (outputBytes <= settings.maxOutputBytes) Object.assign(outputs, message.outputs ?? {});
        for (const l of message.logs ?? []) logLine(LEVELS.has(l.level as LogLevel) ? (l.level as LogLevel) : "INFO", l.message);
      };
      const argv = [...interpreter, lines.join("\n")];
      const common = { argv, env, signal: ctx.signal, timeoutMs: settings.timeoutMs, onLine };
      const outcome: ProcessOutcome & { detached?: boolean } = docker
        ? await runContainer({
            ...common,
            host: settings.dockerHost!,
            options: docker,
            hostDir: dir,
            hostScratch: scratch,
            labels: { "tenantflow.execution": ctx.execution.id, "tenantflow.namespace": ctx.execution.namespace, "tenantflow.flow": ctx.execution.flowId },
            log: (level, message) => ctx.log(level, message),
          })
        : await runProcess({ ...common, cwd: dir, ...(settings.runAs ? { runAs: settings.runAs } : {}) });
      if (outcome.error) {
        const as = settings.runAs ? ` as user ${settings.runAs.uid} (setting TENANTFLOW_SCRIPT_USER)` : "";
        throw new TaskFailure(`Cannot start ${interpreter[0]}${as}: ${outcome.error}`);
      }
      if (outcome.detached) return { outputs: { exitCode: 0, vars: {} } };
      if (outcome.killedBy === "timeout")
        throw new TaskFailure(`The script ran longer than ${settings.timeoutMs} ms (setting TENANTFLOW_SCRIPT_TIMEOUT_MS) and was stopped`);
      if (outcome.killedBy === "abort") throw new TaskFailure("The script was killed");
      if (outputBytes > settings.maxOutputBytes)
        throw new TaskFailure(`The script's outputs passed ${settings.maxOutputBytes} bytes, the limit per task (setting TENANTFLOW_MAX_TASK_OUTPUT_SIZE)`);
      if (outcome.exitCode !== 0) throw new TaskFailure(outcome.exitCode === null ? "Command failed: the process was killed by a signal" : `Command failed with exit code ${outcome.exitCode}`);

      const files: Record<string, string> = {};
      const owner = docker ? undefined : settings.runAs?.uid;
      const globs = strings(p.outputFiles, "outputFiles");
      if (globs.length) await sendFiles(ctx, dir, globs, files, owner);
      await sendFiles(ctx, outputDir, null, files, owner);
      return { outputs: { exitCode: 0, vars: outputs, ...(Object.keys(files).length || globs.length ? { outputFiles: files } : {}) } };
    } finally {
      await fsp.rm(scratch, { recursive: true, force: true });
      if (own) await fsp.rm(dir, { recursive: true, force: true });
    }
  };
}

export const SCRIPT_RUNNERS: Readonly<Record<string, TaskRunner>> = {
  "io.kestra.plugin.scripts.shell.Commands": scriptTask("shell", "commands"),
  "io.kestra.plugin.scripts.shell.Script": scriptTask("shell", "script"),
  "io.kestra.plugin.scripts.python.Commands": scriptTask("python", "commands"),
  "io.kestra.plugin.scripts.python.Script": scriptTask("python", "script"),
  "io.kestra.plugin.scripts.node.Commands": scriptTask("node", "commands"),
  "io.kestra.plugin.scripts.node.Script": scriptTask("node", "script"),
};
