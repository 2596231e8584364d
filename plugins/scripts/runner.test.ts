import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config";
import type { LogLevel } from "../../lib/executions/types";
import { scriptTask, type Form, type Language } from "./runner";
import { parseUser, parseWorkerGroups, type ScriptSettings } from "./settings";
import { fake, type Fake } from "./testing/context";

// Real processes: sh always, python3 and node when they are on the PATH.

const hasPython = (() => {
  try {
    execFileSync("python3", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

const ALLOWED: Partial<ScriptSettings> = { workerGroups: ["default"], dockerAllowHostAccess: false, timeoutMs: 60_000, maxLogBytes: 1024 * 1024, maxOutputBytes: 1024 * 1024 };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const run = (language: Language, form: Form, f: Fake, settings: Partial<ScriptSettings> = {}) => scriptTask(language, form, { ...ALLOWED, ...settings })(f.ctx);
const messages = (f: Fake, level?: LogLevel) => f.logs.filter(([l]) => !level || l === level).map(([, m]) => m);
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "tenantflow-script-test-"));
  dirs.push(d);
  return d;
};

describe("shell scripts on the Process task runner", () => {
  it("logs standard output as INFO and standard error as ERROR, and turns ::{outputs}:: lines into vars", async () => {
    const f = fake({ commands: ["echo hello", "echo oops >&2", `echo '::{"outputs":{"answer":42,"nested":{"ok":true}}}::'`] });
    const result = await run("shell", "commands", f);
    expect(result.outputs).toEqual({ exitCode: 0, vars: { answer: 42, nested: { ok: true } } });
    expect(messages(f, "INFO")).toEqual(["hello"]);
    expect(messages(f, "ERROR")).toEqual(["oops"]);
    expect(messages(f).some((m) => m.includes("outputs"))).toBe(false);
  });

  it("fails with the exit code; failFast stops at the first failing command unless turned off", async () => {
    await expect(run("shell", "commands", fake({ commands: ["exit 3"] }))).rejects.toThrow("Command failed with exit code 3");
    const strict = fake({ commands: ["false", "echo after"] });
    await expect(run("shell", "commands", strict)).rejects.toThrow("Command failed with exit code 1");
    expect(messages(strict)).not.toContain("after");
    const lenient = fake({ commands: ["false", "echo after"], failFast: false });
    await run("shell", "commands", lenient);
    expect(messages(lenient)).toContain("after");
  });

  it("runs a Script with beforeCommands and the interpreter asked for", async () => {
    const f = fake({ beforeCommands: ["export WHO=world"], interpreter: ["/bin/bash", "-c"], script: 'arr=(a b); echo "hello $WHO ${#arr[@]}"' });
    await run("shell", "script", f);
    expect(messages(f, "INFO")).toEqual(["hello world 2"]);
  });

  it("never passes the server's environment on: only PATH, HOME, LANG, TMPDIR, the directories and the task's env", async () => {
    process.env.TENANTFLOW_PROBE_SECRET = "server-only-value";
    try {
      expect(process.env.DATABASE_URL).toBeTruthy();
      expect(process.env.NEXTAUTH_SECRET).toBeTruthy();
      const f = fake({ commands: ["env"], env: { MY_VAR: "mine" } });
      await run("shell", "commands", f);
      const names = messages(f, "INFO").map((l) => l.split("=")[0]);
      expect(names).not.toContain("DATABASE_URL");
      expect(names).not.toContain("NEXTAUTH_SECRET");
      expect(names.filter((n) => n.startsWith("TENANTFLOW_"))).toEqual([]);
      expect(messages(f).join("\n")).not.toContain("server-only-value");
      expect(messages(f, "INFO")).toContain("MY_VAR=mine");
      // the shell adds PWD, SHLVL and _ of its own
      const expected = ["PATH", "HOME", "LANG", "TMPDIR", "WORKING_DIR", "OUTPUT_DIR", "MY_VAR", "PWD", "SHLVL", "_"];
      for (const name of names) expect(expected, name).toContain(name);
      expect(names).toEqual(expect.arrayContaining(["PATH", "HOME", "LANG", "TMPDIR", "MY_VAR"]));
    } finally {
      delete process.env.TENANTFLOW_PROBE_SECRET;
    }
  });

  it("writes inputFiles first and sends outputFiles and the files of {{ outputDir }} to internal storage", async () => {
    const f = fake({
      inputFiles: { "data/in.txt": "abc" },
      commands: ["tr a-z A-Z < data/in.txt > out.txt", "echo extra > {{ outputDir }}/extra.txt", "echo ignored > skip.log"],
      outputFiles: ["*.txt"],
    });
    const result = await run("shell", "commands", f);
    const folder = "company/team/f/executions/e1/tasks/t/tr1";
    expect(result.outputs?.outputFiles).toEqual({ "out.txt": `kestra:///${folder}/out.txt`, "extra.txt": `kestra:///${folder}/extra.txt` });
    expect(f.stored.get(`${folder}/out.txt`)).toBe("ABC");
    expect(f.stored.get(`${folder}/extra.txt`)).toBe("extra\n");
  });

  it("refuses an input file outside the working directory", async () => {
    await expect(run("shell", "commands", fake({ inputFiles: { "../escape.txt": "x" }, commands: ["ls"] }))).rejects.toThrow("not a file name inside the working directory");
  });

  it("inside a WorkingDirectory, runs in the shared directory and leaves its files there", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "before.txt"), "from an earlier task\n");
    const f = fake({ commands: ["cat before.txt", "pwd", "echo made > made.txt"] }, { workingDir: dir });
    await run("shell", "commands", f);
    expect(messages(f, "INFO")).toEqual(["from an earlier task", fs.realpathSync(dir)]);
    expect(fs.readFileSync(path.join(dir, "made.txt"), "utf8")).toBe("made\n");
  });

  it("kills the whole process group on abort: the script and the process it started are gone", async () => {
    const dir = tempDir();
    const f = fake({ commands: ["sleep 300 &", "echo $! > child.pid", "echo started", "wait"] }, {
      workingDir: dir,
      onLog: (line, self) => {
        if (line === "started") self.controller.abort();
      },
    });
    await expect(run("shell", "commands", f)).rejects.toThrow("The script was killed");
    const pid = Number(fs.readFileSync(path.join(dir, "child.pid"), "utf8"));
    expect(pid).toBeGreaterThan(0);
    // the runner returns once every holder of the output pipe has ended: the child is dead (at most a zombie not yet reaped)
    const stat = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, "utf8") : null;
    if (stat !== null) expect(stat.split(") ")[1]?.[0]).toBe("Z");
  });

  it("stops a script at the instance's timeout with a message naming the setting", async () => {
    await expect(run("shell", "commands", fake({ commands: ["sleep 300"] }), { timeoutMs: 300 })).rejects.toThrow(
      /ran longer than 300 ms \(setting TENANTFLOW_SCRIPT_TIMEOUT_MS\)/,
    );
  });

  it("logs at most the instance's bound of output bytes, says so once, and still reads the outputs after it", async () => {
    const f = fake({ commands: ["i=0; while [ $i -lt 100 ]; do printf '%099d\\n' $i; i=$((i+1)); done", `echo '::{"outputs":{"after":"cut"}}::'`] });
    const result = await run("shell", "commands", f, { maxLogBytes: 1024 });
    const info = messages(f, "INFO");
    expect(info.length).toBe(10);
    expect(info.reduce((n, l) => n + l.length + 1, 0)).toBeLessThanOrEqual(1024);
    expect(messages(f, "WARN")).toEqual([expect.stringContaining("passed 1024 bytes (setting TENANTFLOW_SCRIPT_MAX_LOG_BYTES)")]);
    expect(result.outputs?.vars).toEqual({ after: "cut" });
  });

  it("bounds ::{logs}:: lines as other output, and fails when the outputs sent pass the task's output limit", async () => {
    const logs = fake({ commands: [`i=0; while [ $i -lt 50 ]; do echo '::{"logs":[{"level":"WARN","message":"${"w".repeat(90)}"}]}::'; i=$((i+1)); done`] });
    await run("shell", "commands", logs, { maxLogBytes: 1024 });
    expect(messages(logs, "WARN").filter((m) => m.startsWith("www")).length).toBe(11);
    expect(messages(logs, "WARN").at(-1)).toContain("TENANTFLOW_SCRIPT_MAX_LOG_BYTES");
    const big = fake({ commands: [`i=0; while [ $i -lt 50 ]; do echo "::{\\"outputs\\":{\\"k$i\\":\\"${"v".repeat(90)}\\"}}::"; i=$((i+1)); done`] });
    await expect(run("shell", "commands", big, { maxOutputBytes: 2048 })).rejects.toThrow(
      "The script's outputs passed 2048 bytes, the limit per task (setting TENANTFLOW_MAX_TASK_OUTPUT_SIZE)",
    );
  });

  it("says so when the interpreter cannot be started", async () => {
    await expect(run("shell", "commands", fake({ interpreter: ["/no/such/shell", "-c"], commands: ["ls"] }))).rejects.toThrow("Cannot start /no/such/shell");
  });
});

describe("where scripts may run", () => {
  it("refuses a worker group the instance does not list, naming the setting", async () => {
    await expect(run("shell", "commands", fake({ commands: ["echo hi"] }), { workerGroups: [] })).rejects.toThrow(
      "Script tasks are not allowed on the default worker group: this instance runs them on no worker group (setting TENANTFLOW_SCRIPT_WORKER_GROUPS)",
    );
    await expect(run("shell", "commands", fake({ commands: ["echo hi"] }, { workerGroup: "shared" }), { workerGroups: ["scripts"] })).rejects.toThrow(
      'not allowed on worker group "shared": this instance runs them only on scripts',
    );
    const allowed = fake({ commands: ["echo hi"] }, { workerGroup: "scripts" });
    await run("shell", "commands", allowed, { workerGroups: ["default", "scripts"] });
    expect(messages(allowed, "INFO")).toEqual(["hi"]);
  });

  it("reads the setting as a comma list, unset meaning no group", () => {
    expect(parseWorkerGroups(undefined)).toEqual([]);
    expect(parseWorkerGroups(" default , gpu,,")).toEqual(["default", "gpu"]);
    expect(loadConfig({ TENANTFLOW_CONFIG: "/nonexistent.yaml" }).scriptWorkerGroups).toBeUndefined();
    expect(loadConfig({ TENANTFLOW_CONFIG: "/nonexistent.yaml", TENANTFLOW_SCRIPT_WORKER_GROUPS: "default,gpu" }).scriptWorkerGroups).toBe("default,gpu");
  });

  it("fails a Docker task runner clearly when no Docker is configured (TENANTFLOW_DOCKER_HOST unset)", async () => {
    const docker = { commands: ["echo hi"], taskRunner: { type: "io.kestra.plugin.scripts.runner.docker.Docker" }, containerImage: "ubuntu" };
    await expect(run("shell", "commands", fake(docker))).rejects.toThrow(/^no Docker is configured on this instance: .*TENANTFLOW_DOCKER_HOST/);
    await expect(run("shell", "commands", fake({ ...docker, taskRunner: undefined, runner: "DOCKER" }))).rejects.toThrow("no Docker is configured");
  });
});

describe("node scripts", () => {
  it("runs a Script with node and reads its outputs and files", async () => {
    const f = fake({
      inputFiles: { "in.json": '{"n": 20}' },
      script: 'const fs = require("fs"); const n = JSON.parse(fs.readFileSync("in.json")).n; console.log("::" + JSON.stringify({ outputs: { doubled: n * 2 } }) + "::");',
    });
    const result = await run("node", "script", f);
    expect(result.outputs?.vars).toEqual({ doubled: 40 });
  });

  it("runs Commands that call node", async () => {
    const f = fake({ inputFiles: { "main.js": 'console.log("from node")' }, commands: ["node main.js"] });
    await run("node", "commands", f);
    expect(messages(f, "INFO")).toEqual(["from node"]);
  });
});

describe.skipIf(!hasPython)("python scripts (skipped: python3 is not on the PATH)", () => {
  it("runs a Script with python3 and reads its outputs", async () => {
    const f = fake({ script: 'import json\nprint("::" + json.dumps({"outputs": {"total": sum([1, 2, 3])}}) + "::")\nprint("done")' });
    const result = await run("python", "script", f);
    expect(result.outputs?.vars).toEqual({ total: 6 });
    expect(messages(f, "INFO")).toEqual(["done"]);
  });

  it("a Python exception fails the task with the exit code, its traceback in the ERROR logs", async () => {
    const f = fake({ script: 'raise ValueError("bad value")' });
    await expect(run("python", "script", f)).rejects.toThrow("Command failed with exit code 1");
    expect(messages(f, "ERROR").join("\n")).toContain("ValueError: bad value");
  });

  it("refuses dependencies, which the Process task runner does not install", async () => {
    await expect(run("python", "script", fake({ dependencies: ["requests"], script: "print(1)" }))).rejects.toThrow("beforeCommands");
  });
});

describe.skipIf(process.getuid?.() !== 0)("TENANTFLOW_SCRIPT_USER (skipped: the tests do not run as root, which may switch users)", () => {
  it("runs the script as that user: the worker's environment in /proc is out of its reach, its files still collected", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "shared.txt"), "from an earlier task\n");
    const f = fake(
      {
        commands: ["id -u", "if cat /proc/$PPID/environ > /dev/null 2>&1; then echo readable; else echo unreadable; fi", "cat shared.txt", "echo made > made.txt"],
        outputFiles: ["made.txt"],
      },
      { workingDir: dir },
    );
    const result = await run("shell", "commands", f, { runAs: { uid: 65534, gid: 65534 } });
    expect(messages(f, "INFO")).toEqual(["65534", "unreadable", "from an earlier task"]);
    expect(Object.keys(result.outputs?.outputFiles as object)).toEqual(["made.txt"]);
  });

  it("keeps no file the script could not read itself: a hard link to the worker's file (refused by the kernel or left out), an outputDir turned into a link", async () => {
    const secret = path.join(tempDir(), "worker-only.txt");
    fs.writeFileSync(secret, "worker secret", { mode: 0o600 });
    const f = fake({
      commands: [`ln ${secret} linked.txt 2>/dev/null || true`, `rm -rf "$OUTPUT_DIR" && ln -s ${path.dirname(secret)} "$OUTPUT_DIR"`, "echo mine > mine.txt"],
      outputFiles: ["*.txt"],
    });
    const result = await run("shell", "commands", f, { runAs: { uid: 65534, gid: 65534 } });
    expect(Object.keys(result.outputs?.outputFiles as object)).toEqual(["mine.txt"]);
    expect([...f.stored.values()].join()).not.toContain("worker secret");
  });

  it("reads the setting as uid or uid:gid", () => {
    expect(parseUser("65534")).toEqual({ uid: 65534, gid: 65534 });
    expect(parseUser("1000:100")).toEqual({ uid: 1000, gid: 100 });
    expect(() => loadConfig({ TENANTFLOW_CONFIG: "/nonexistent.yaml", TENANTFLOW_SCRIPT_USER: "nobody" })).toThrow("invalid setting TENANTFLOW_SCRIPT_USER");
  });
});
