import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { config } from "../../lib/config";
import { TaskFailure } from "../../lib/executions/tasks/types";
import { checkAllowedHost, resolveAllowed } from "../../lib/plugins/network";

// A repository the git tasks reach: its URL checked against the instance's settings (schemes,
// hosts, private addresses), git run with no system or user configuration, no prompt, the
// credentials given to each command in its environment (never on its command line, in the URL
// or in the repository's configuration), in a temporary folder removed afterwards, bounded in
// time and killed when the task is.

export type Scheme = "https" | "http" | "ssh" | "file";

export type RepoUrl = {
  scheme: Scheme;
  /** the URL git is given: without any user or password */
  url: string;
  /** the URL as it may be shown (without credentials) */
  display: string;
  host?: string;
  port?: number;
  /** a user name written in the URL (https://user@host/..., git@host:path) */
  user?: string;
  /** a password written in the URL: taken out of it, used as the password property */
  password?: string;
};

const SCP_LIKE = /^(?:([^@/\s-][^@/\s]*)@)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):(?!\/\/)([^:].*)$/;

/** Reads a repository URL: https://, http://, ssh://, user@host:path, file:// or an absolute path. */
export function parseRepoUrl(raw: string): RepoUrl {
  const value = raw.trim();
  if (value === "") throw new TaskFailure('missing required property "url"');
  if (value.startsWith("-") || /\s/.test(value)) throw new TaskFailure(`"${value}" is not a repository URL`);
  if (value.startsWith("/") || value.startsWith("file://")) {
    const p = value.startsWith("file://") ? decodeURIComponent(value.slice("file://".length)) : value;
    if (!p.startsWith("/")) throw new TaskFailure(`"${value}" is not a file URL with an absolute path`);
    return { scheme: "file", url: `file://${p}`, display: `file://${p}` };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    const m = SCP_LIKE.exec(value);
    if (!m) throw new TaskFailure(`"${value}" is not a repository URL (https://, ssh://, user@host:path or file://)`);
    const host = m[2].replace(/^\[|\]$/g, "");
    return { scheme: "ssh", url: value, display: value, host, port: 22, ...(m[1] ? { user: m[1] } : {}) };
  }
  if (scheme !== "https" && scheme !== "http" && scheme !== "ssh") {
    throw new TaskFailure(`The repository URL's scheme "${scheme}" is not one git tasks use (https, http, ssh, file)`);
  }
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new TaskFailure(`"${value}" is not a valid URL`);
  }
  const user = u.username ? decodeURIComponent(u.username) : undefined;
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.username = "";
  u.password = "";
  const host = u.hostname.replace(/^\[|\]$/g, "");
  if (host === "" || host.startsWith("-") || (user ?? "").startsWith("-")) throw new TaskFailure(`"${u.toString()}" is not a repository URL`);
  const port = u.port ? Number(u.port) : scheme === "https" ? 443 : scheme === "http" ? 80 : 22;
  if (scheme === "ssh") {
    // ssh takes its user from the URL: keep it there (it is not a secret), drop a password
    const sshUrl = user ? value.replace(/\/\/[^@/]*@/, `//${encodeURIComponent(user)}@`) : u.toString();
    return { scheme, url: sshUrl, display: sshUrl, host, port, ...(user ? { user } : {}) };
  }
  return { scheme, url: u.toString(), display: u.toString(), host, port, ...(user ? { user } : {}), ...(password ? { password } : {}) };
}

/** Refuses a scheme the instance does not allow (TENANTFLOW_GIT_SCHEMES). */
export function checkScheme(repo: RepoUrl) {
  const allowed = config().gitSchemes;
  if (!allowed.includes(repo.scheme)) {
    throw new TaskFailure(
      `Repository URLs with the ${repo.scheme} scheme are not allowed on this instance (the setting TENANTFLOW_GIT_SCHEMES allows ${allowed.join(", ") || "none"})`,
    );
  }
}

export type Credentials = { username?: string; password?: string; privateKey?: string; passphrase?: string };

export type GitOptions = {
  signal: AbortSignal;
  credentials: Credentials;
  /** the task's connectTimeout and readTimeout (ms) */
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
};

/** Quotes a value for a POSIX shell. */
const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A temporary folder holding a clone, the HOME of the git commands, and the files the credentials
 * need (an askpass script reading them from the environment, a private key). `run` gives a git
 * bound to it; `close` removes it all.
 */
export class GitWorkspace {
  readonly root: string;
  readonly home: string;
  readonly repoDir: string;
  private env: Record<string, string> = {};
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private timedOut = false;
  private readonly onAbort: () => void;

  private constructor(root: string, private readonly opts: GitOptions) {
    this.root = root;
    this.home = path.join(root, "home");
    this.repoDir = path.join(root, "repo");
    this.onAbort = () => {
      this.controller.abort();
      void this.killStragglers();
    };
    opts.signal.addEventListener("abort", this.onAbort, { once: true });
    const limit = config().gitTimeoutMs;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
      void this.killStragglers();
    }, limit);
    this.timer.unref?.();
  }

  /** Checks the URL against the instance's settings and prepares the environment git runs in. */
  static async open(repo: RepoUrl, opts: GitOptions, cloneInto?: string): Promise<GitWorkspace> {
    checkScheme(repo);
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "tenantflow-git-"));
    const ws = new GitWorkspace(root, opts);
    try {
      await fs.mkdir(ws.home, { mode: 0o700 });
      await ws.prepare(repo, cloneInto);
    } catch (e) {
      await ws.close();
      throw e;
    }
    return ws;
  }

  private async prepare(repo: RepoUrl, cloneInto?: string) {
    const cfg: [string, string][] = [
      // no transport but the repository's own (no ext::, no fd::, no submodule elsewhere)
      ["protocol.allow", "never"],
      ["protocol.version", "2"],
      ["credential.helper", ""],
      ["core.hooksPath", "/dev/null"],
      ["core.fsmonitor", "false"],
      ["init.defaultBranch", "main"],
      ["advice.detachedHead", "false"],
      ["safe.directory", cloneInto ?? this.repoDir],
    ];
    const allowed = config().gitSchemes;
    if (repo.scheme === "file" && allowed.includes("file")) cfg.push(["protocol.file.allow", "always"]);
    if (repo.scheme === "https" || repo.scheme === "http" || repo.scheme === "ssh") cfg.push([`protocol.${repo.scheme}.allow`, "always"]);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
      HOME: this.home,
      XDG_CONFIG_HOME: this.home,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_TERMINAL_PROMPT: "0",
      GIT_ASKPASS: "/bin/false",
      SSH_ASKPASS: "/bin/false",
      LANG: "C",
      LC_ALL: "C",
    };
    const { credentials } = this.opts;
    if (repo.host) {
      checkAllowedHost(repo.host);
      // resolved once and checked (allowed hosts, private addresses); git connects to that address
      const addresses = await resolveAllowed(repo.host);
      const address = addresses[0].address;
      if (repo.scheme === "https" || repo.scheme === "http") {
        if (!net.isIP(repo.host)) cfg.push(["http.curloptResolve", `${repo.host}:${repo.port}:${net.isIPv6(address) ? `[${address}]` : address}`]);
        // a redirect could lead anywhere: refused
        cfg.push(["http.followRedirects", "false"]);
        if (this.opts.connectTimeoutMs) cfg.push(["http.connectTimeout", String(Math.ceil(this.opts.connectTimeoutMs / 1000))]);
        const idle = Math.max(1, Math.ceil((this.opts.readTimeoutMs ?? 60_000) / 1000));
        cfg.push(["http.lowSpeedLimit", "1"], ["http.lowSpeedTime", String(idle)]);
        if (credentials.password !== undefined || credentials.username !== undefined) {
          const basic = Buffer.from(`${credentials.username ?? ""}:${credentials.password ?? ""}`).toString("base64");
          cfg.push(["http.extraHeader", `Authorization: Basic ${basic}`]);
        }
      } else if (repo.scheme === "ssh") {
        const ssh = [
          "ssh",
          "-F", "/dev/null",
          "-o", "BatchMode=yes",
          "-o", `HostName=${address}`,
          "-o", `HostKeyAlias=${repo.host}`,
          "-o", "StrictHostKeyChecking=accept-new",
          "-o", `UserKnownHostsFile=${path.join(this.home, "known_hosts")}`,
          "-o", `ConnectTimeout=${Math.max(1, Math.ceil((this.opts.connectTimeoutMs ?? 10_000) / 1000))}`,
        ];
        if (credentials.privateKey) {
          const key = path.join(this.home, "id_key");
          const pem = credentials.privateKey.endsWith("\n") ? credentials.privateKey : `${credentials.privateKey}\n`;
          await fs.writeFile(key, pem, { mode: 0o600 });
          ssh.push("-o", "IdentitiesOnly=yes", "-i", key);
          if (credentials.passphrase) {
            // ssh asks its askpass program for the passphrase: a script printing it from the environment
            const askpass = path.join(this.home, "askpass.sh");
            await fs.writeFile(askpass, '#!/bin/sh\nprintf "%s\\n" "$TENANTFLOW_GIT_PASSPHRASE"\n', { mode: 0o700 });
            env.SSH_ASKPASS = askpass;
            env.SSH_ASKPASS_REQUIRE = "force";
            env.DISPLAY = ":0";
            env.TENANTFLOW_GIT_PASSPHRASE = credentials.passphrase;
            ssh[ssh.indexOf("BatchMode=yes")] = "BatchMode=no";
          }
        }
        env.GIT_SSH_COMMAND = ssh.map(sh).join(" ");
      }
    }
    cfg.forEach(([key, value], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = key;
      env[`GIT_CONFIG_VALUE_${i}`] = value;
    });
    env.GIT_CONFIG_COUNT = String(cfg.length);
    this.env = env;
  }

  /** A git working in `dir` (the clone by default), with the workspace's environment, killed on abort or timeout. */
  git(dir = this.repoDir): SimpleGit {
    return simpleGit({
      baseDir: dir,
      abort: this.controller.signal,
      unsafe: { allowUnsafeSshCommand: true, allowUnsafeConfigEnvCount: true, allowUnsafeAskPass: true, allowUnsafeProtocolOverride: true, allowUnsafeConfigPaths: true, allowUnsafeCredentialHelper: true, allowUnsafeHooksPath: true, allowUnsafeFsMonitor: true },
      allowEnvironment: Object.keys(this.env),
    } as Parameters<typeof simpleGit>[0]).env(this.env);
  }

  /** Runs a git step; a failure becomes the task's failure, saying so when it was the time limit or a kill. */
  async step<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (this.timedOut) throw new TaskFailure(`${what} took longer than ${config().gitTimeoutMs} ms (the setting TENANTFLOW_GIT_TIMEOUT_MS)`);
      if (this.opts.signal.aborted) throw new TaskFailure("killed");
      if (e instanceof TaskFailure) throw e;
      const message = ((e as Error).message ?? String(e)).trim().split("\n").filter((l) => l.trim() !== "").slice(-3).join("; ");
      throw new TaskFailure(`${what} failed: ${message}`);
    }
  }

  /**
   * Kills what git started for this workspace and outlived it (git-remote-http, ssh: killing git
   * does not end them): every process whose environment has the workspace's HOME (Linux /proc).
   */
  async killStragglers() {
    const marker = Buffer.from(`\0HOME=${this.home}\0`);
    let pids: string[];
    try {
      pids = (await fs.readdir("/proc")).filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid);
    } catch {
      return;
    }
    for (const pid of pids) {
      try {
        const env = Buffer.concat([Buffer.from([0]), await fs.readFile(`/proc/${pid}/environ`), Buffer.from([0])]);
        if (env.includes(marker)) process.kill(Number(pid), "SIGKILL");
      } catch {
        // gone, or not ours to read
      }
    }
  }

  async close() {
    if (this.controller.signal.aborted) await this.killStragglers();
    clearTimeout(this.timer);
    this.opts.signal.removeEventListener("abort", this.onAbort);
    await fs.rm(this.root, { recursive: true, force: true });
  }
}

/** Bytes and files (outside .git) of a folder; refused past the instance's limits. */
export async function checkCheckoutSize(dir: string): Promise<{ bytes: number; files: number }> {
  const { gitMaxSize, gitMaxFiles } = config();
  let bytes = 0;
  let files = 0;
  const walk = async (d: string, inGit: boolean) => {
    for (const entry of await fs.readdir(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) await walk(full, inGit || entry.name === ".git");
      else if (entry.isFile() || entry.isSymbolicLink()) {
        bytes += (await fs.lstat(full)).size;
        if (!inGit) files++;
      }
      if (bytes > gitMaxSize) throw new TaskFailure(`The repository is larger than ${gitMaxSize} bytes (the setting TENANTFLOW_GIT_MAX_SIZE)`);
      if (files > gitMaxFiles) throw new TaskFailure(`The repository has more than ${gitMaxFiles} files (the setting TENANTFLOW_GIT_MAX_FILES)`);
    }
  };
  await walk(dir, false);
  return { bytes, files };
}

/**
 * Clones `branch` (the remote's default one when not given) of `repo` into the workspace's folder
 * (or `into`), one commit deep. `createBranch`: a branch the remote does not have yet (or an empty
 * repository) is started from the default branch instead of failing.
 */
export async function cloneRepo(
  ws: GitWorkspace,
  repo: RepoUrl,
  opts: { branch?: string; createBranch?: boolean; into?: string; depth?: number | null; allBranches?: boolean; noTags?: boolean } = {},
): Promise<void> {
  const into = opts.into ?? ws.repoDir;
  const args = ["--no-recurse-submodules", "--quiet"];
  if (opts.depth !== null) args.push("--depth", String(opts.depth ?? 1));
  if (opts.allBranches && opts.depth !== null) args.push("--no-single-branch");
  if (opts.noTags) args.push("--no-tags");
  const git = ws.git(path.dirname(into));
  const attempt = (branch?: string) => git.clone(repo.url, into, [...args, ...(branch ? ["--branch", branch] : [])]);
  try {
    await ws.step(`Cloning ${repo.display}`, () => attempt(opts.branch));
  } catch (e) {
    const missing = opts.branch && /not found in upstream|Remote branch .* not found/i.test((e as Error).message);
    if (!missing) throw e;
    if (!opts.createBranch) throw new TaskFailure(`The branch "${opts.branch}" does not exist in ${repo.display}`);
    await fs.rm(into, { recursive: true, force: true });
    await ws.step(`Cloning ${repo.display}`, () => attempt());
    await ws.step(`Creating branch ${opts.branch}`, () => ws.git(into).checkout(["-B", opts.branch!]));
  }
  if (opts.branch && opts.createBranch) {
    // an empty repository clones with no branch at all: name the one to push
    const head = await ws.step("Reading the branch", () => ws.git(into).raw(["symbolic-ref", "--short", "HEAD"]));
    if (head.trim() !== opts.branch) await ws.step(`Creating branch ${opts.branch}`, () => ws.git(into).checkout(["-B", opts.branch!]));
  }
  await checkCheckoutSize(into);
}

/** A folder inside the clone named by the task's `gitDirectory`, refused when it leaves the clone. */
export function insideClone(root: string, dir: string): string {
  const clean = dir.replace(/\\/g, "/").replace(/^\/+|\/+$/g, "");
  const full = path.resolve(root, clean);
  if (full !== root && !full.startsWith(root + path.sep)) throw new TaskFailure(`"${dir}" is not a folder inside the repository`);
  if (full.split(path.sep).includes(".git")) throw new TaskFailure(`"${dir}" is inside the repository's .git folder`);
  return full;
}
