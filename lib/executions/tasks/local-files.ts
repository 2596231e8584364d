import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isSafeRelativeKey } from "../../storage/keys";
import { executionFolder, internalPath } from "../internal-storage";
import { TaskFailure, type RunnerContext, type TaskRunner } from "./types";

// storage.LocalFiles (deprecated in the orchestrator for `inputFiles`, still run): writes `inputs`
// (file name: content, or an internal URI of this execution's files) into the working directory
// and sends the files matching the `outputs` globs to the internal storage.

const MAX_LISTED = 10_000;

export function inputsOf(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw === "string") {
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw new TaskFailure('property "inputs" must be a mapping of file names to contents, or a JSON object');
  }
  if (typeof raw !== "object" || Array.isArray(raw)) throw new TaskFailure('property "inputs" must be a mapping of file names to contents');
  return raw as Record<string, unknown>;
}

export function safeName(name: string): string {
  const n = name.replace(/^\.\//, "");
  if (!isSafeRelativeKey(n)) throw new TaskFailure(`"${name}" is not a file name inside the working directory`);
  return n;
}

export async function contentOf(ctx: RunnerContext, value: unknown): Promise<Uint8Array> {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const internal = internalPath(text.trim());
  if (internal === null) return new TextEncoder().encode(text);
  const own = `${executionFolder(ctx.flow.namespace, ctx.flow.id, ctx.execution.id)}/`;
  if (!internal.startsWith(own)) throw new TaskFailure(`${text.trim()} is not a file of this execution`);
  const bytes = await ctx.storage.get(internal);
  if (!bytes) throw new TaskFailure(`no file at ${text.trim()}`);
  return bytes;
}

/**
 * A glob as java.nio's PathMatcher reads it ("glob:"), over `/`-separated relative paths: `*` within
 * one folder, `**` across folders (a `**` followed by `/` needs a folder there), `?` one
 * character, `{a,b}` alternatives, `[abc]` / `[!abc]` classes.
 */
export function globRegExp(glob: string): RegExp {
  let re = "";
  let braces = 0;
  const g = glob.replace(/^\.\//, "");
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === "*" && g[i + 1] === "*") {
      re += ".*";
      i++;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "{") {
      braces++;
      re += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      re += ")";
    } else if (c === "," && braces > 0) re += "|";
    else if (c === "[") {
      const close = g.indexOf("]", i + 2);
      if (close === -1) re += "\\[";
      else {
        const body = g.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\");
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  try {
    return new RegExp(`^${re}$`);
  } catch {
    throw new TaskFailure(`"${glob}" is not a valid glob`);
  }
}

export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      if (out.length >= MAX_LISTED) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) out.push(path.relative(root, full).split(path.sep).join("/"));
    }
  };
  await walk(root);
  return out.sort();
}

export const localFilesTask: TaskRunner = async (ctx) => {
  const inputs = inputsOf(ctx.props.inputs);
  const globs = ctx.props.outputs ?? [];
  if (!Array.isArray(globs)) throw new TaskFailure('property "outputs" must be a list of file names or globs');
  const own = ctx.workingDir === undefined;
  const dir = ctx.workingDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), "tenantflow-localfiles-")));
  try {
    for (const [name, value] of Object.entries(inputs)) {
      const target = path.join(dir, ...safeName(name).split("/"));
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, await contentOf(ctx, value));
      ctx.log("DEBUG", `Created file ${safeName(name)}`);
    }
    const uris: Record<string, string> = {};
    if (globs.length) {
      const patterns = globs.map((g) => globRegExp(String(g)));
      for (const file of await listFiles(dir)) {
        if (!patterns.some((p) => p.test(file)) || !isSafeRelativeKey(file)) continue;
        uris[file] = await ctx.storage.put(`${ctx.folder}/${file}`, await fs.readFile(path.join(dir, ...file.split("/"))));
      }
    }
    return { outputs: { uris } };
  } finally {
    if (own) await fs.rm(dir, { recursive: true, force: true });
  }
};
