import crypto from "node:crypto";
import { boolean, text } from "./props";
import { TaskFailure, type RunnerContext } from "./types";

// The state store of state.Get/Set/Delete (deprecated in the orchestrator in favour of the KV store,
// still run): one JSON map per state in the internal storage, by flow (or shared by the namespace
// with `namespace: true`) and by the task run's loop value (unless `taskrunValue: false`).

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export function statePath(ctx: RunnerContext): string {
  const name = text(ctx.props, "name") || "default";
  if (!NAME.test(name) || name.includes("..")) {
    throw new TaskFailure(`property "name" must hold letters, digits, ., _ and - only, not "${name}"`);
  }
  const shared = boolean(ctx.props, "namespace", false);
  const byValue = boolean(ctx.props, "taskrunValue", true);
  const value = byValue ? ctx.taskRun.value : null;
  const file = value === null ? "default" : crypto.createHash("sha256").update(value).digest("hex").slice(0, 32);
  const owner = shared ? "_states" : `${ctx.flow.id}/states`;
  return `${ctx.flow.namespace.split(".").join("/")}/${owner}/${name}/${file}.json`;
}

export async function readState(ctx: RunnerContext, path: string): Promise<Record<string, unknown> | null> {
  const bytes = await ctx.storage.get(path);
  if (!bytes) return null;
  const parsed = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}
