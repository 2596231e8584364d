import fs from "node:fs/promises";
import path from "node:path";
import { dumpText } from "ion-js";
import { assertAllowed } from "../../lib/namespaces/chain";
import { asFailure } from "../../lib/executions/tasks/kv-common";
import { globRegExp } from "../../lib/executions/tasks/local-files";
import { boolean, text } from "../../lib/executions/tasks/props";
import { listOf, storeTaskFile } from "../../lib/executions/tasks/storage-common";
import { TaskFailure, type RunnerContext } from "../../lib/executions/tasks/types";
import { GitWorkspace, parseRepoUrl, type Credentials, type RepoUrl } from "./repo";

// What the git tasks share: their connection properties, the namespaces they may act on, the
// files of a clone, and the ION file of their changes.

/** An integer property (rendered text), or the fallback. */
export function integer(props: Record<string, unknown>, key: string, fallback: number): number {
  const v = text(props, key);
  if (v === undefined || v.trim() === "") return fallback;
  if (!/^\d+$/.test(v.trim())) throw new TaskFailure(`property "${key}" must be a whole number, not "${v}"`);
  return Number(v.trim());
}

/** `gitConfig` keys a task may set: how files are checked out, never a program or a transport. */
const SAFE_GIT_CONFIG = /^(core\.(filemode|autocrlf|eol|ignorecase|symlinks|quotepath)|user\.(name|email))$/i;

export type Connection = { repo: RepoUrl; credentials: Credentials; gitConfig: [string, string][] };

/** The repository and credentials of a git task (credentials come from its properties only). */
export function connectionOf(ctx: RunnerContext): Connection {
  const raw = text(ctx.props, "url");
  if (!raw || raw.trim() === "") throw new TaskFailure('missing required property "url"');
  const repo = parseRepoUrl(raw);
  if (boolean(ctx.props, "cloneSubmodules", false)) throw new TaskFailure("cloneSubmodules is not supported: submodules would reach repositories the instance has not checked");
  if (text(ctx.props, "trustedCaPemPath")) throw new TaskFailure("trustedCaPemPath is not supported: the worker trusts its system's certificate authorities");
  const username = text(ctx.props, "username") ?? repo.user;
  const password = text(ctx.props, "password") ?? repo.password;
  const credentials: Credentials = {
    ...(username !== undefined && repo.scheme !== "ssh" ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(text(ctx.props, "privateKey") ? { privateKey: text(ctx.props, "privateKey") } : {}),
    ...(text(ctx.props, "passphrase") ? { passphrase: text(ctx.props, "passphrase") } : {}),
  };
  const gitConfig: [string, string][] = [];
  const cfg = ctx.props.gitConfig;
  if (cfg !== undefined && cfg !== null && cfg !== "") {
    let map = cfg;
    if (typeof map === "string") {
      try {
        map = JSON.parse(map);
      } catch {
        throw new TaskFailure('property "gitConfig" must be a mapping of git configuration keys to values');
      }
    }
    if (typeof map !== "object" || map === null || Array.isArray(map)) throw new TaskFailure('property "gitConfig" must be a mapping of git configuration keys to values');
    for (const [key, value] of Object.entries(map as Record<string, unknown>)) {
      if (!SAFE_GIT_CONFIG.test(key)) throw new TaskFailure(`gitConfig "${key}" is not allowed (only core.fileMode, core.autocrlf, core.eol, core.ignoreCase, core.symlinks, core.quotePath, user.name, user.email)`);
      gitConfig.push([key, String(value)]);
    }
  }
  return { repo, credentials, gitConfig };
}

/** A workspace for the task's repository, killed with the task. */
export function openWorkspace(ctx: RunnerContext, conn: Connection): Promise<GitWorkspace> {
  return GitWorkspace.open(conn.repo, {
    signal: ctx.signal,
    credentials: conn.credentials,
    connectTimeoutMs: integer(ctx.props, "connectTimeout", 10_000),
    readTimeoutMs: integer(ctx.props, "readTimeout", 60_000),
  });
}

/** Applies the task's `gitConfig` to a clone. */
export async function applyGitConfig(ws: GitWorkspace, conn: Connection, dir = ws.repoDir) {
  for (const [key, value] of conn.gitConfig) await ws.step(`Setting ${key}`, () => ws.git(dir).addConfig(key, value));
}

/**
 * Refuses a namespace the flow's may not act on: its own and its descendants, or one whose
 * allowed namespaces admit the flow's (as the namespace files tasks).
 */
export async function checkNamespace(ctx: RunnerContext, namespace: string): Promise<void> {
  const own = ctx.flow.namespace;
  if (namespace === own || namespace.startsWith(`${own}.`)) return;
  try {
    await assertAllowed(ctx.db, namespace, own);
  } catch (e) {
    throw asFailure(e);
  }
}

/** Whether the flow's namespace may act on `namespace` (see checkNamespace). */
export async function mayUse(ctx: RunnerContext, namespace: string): Promise<string | null> {
  try {
    await checkNamespace(ctx, namespace);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Every file under `dir` (relative, "/"-separated, sorted), .git folders left out; `deep`: sub-folders too. */
export async function filesUnder(dir: string, deep = true): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    let entries;
    try {
      entries = await fs.readdir(d, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
      throw e;
    }
    for (const entry of entries) {
      if (entry.name === ".git") continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (deep) await walk(full);
      } else if (entry.isFile()) out.push(path.relative(dir, full).split(path.sep).join("/"));
    }
  };
  await walk(dir);
  return out.sort();
}

/** Glob patterns (a string or a list) as one test of a path; null when none were given. */
export function globsOf(ctx: RunnerContext, key: string): ((p: string) => boolean) | null {
  const v = ctx.props[key];
  if (v === undefined || v === null || v === "") return null;
  const tests = listOf(v, key).map((g) => globRegExp(String(g).replace(/^glob:/, "")));
  return (p) => tests.some((re) => re.test(p) || re.test(`/${p}`));
}

/** Stores rows as an ION file (one value a line) in the task run's folder; answers its URI. */
export async function storeIon(ctx: RunnerContext, rows: Record<string, unknown>[]): Promise<string> {
  const body = rows.map((r) => dumpText(Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)))).join("\n");
  return storeTaskFile(ctx, new TextEncoder().encode(rows.length ? `${body}\n` : ""), ".ion");
}

/** `gitDirectory` as written (defaulting), without leading or trailing slashes. */
export function gitDirectoryOf(ctx: RunnerContext, fallback: string): string {
  return (text(ctx.props, "gitDirectory") ?? fallback).trim().replace(/\\/g, "/").replace(/^\.?\/+|\/+$/g, "");
}
