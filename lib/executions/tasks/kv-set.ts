import { KV_TYPES, type KvType } from "../../kv/values";
import { putKv } from "../../kv/kv";
import { boolean, requiredText, text } from "./props";
import { asFailure, kvNamespace } from "./kv-common";
import { TaskFailure, type TaskRunner } from "./types";

/** The type of a value left untyped: as the orchestrator infers it from the rendered value. */
function inferred(value: unknown): KvType {
  if (typeof value === "number") return "NUMBER";
  if (typeof value === "boolean") return "BOOLEAN";
  if (typeof value === "string") return "STRING";
  return "JSON";
}

/** A rendered value (text, mostly) read as `kvType` says. */
function typed(type: KvType, value: unknown): unknown {
  if (type === "STRING" && typeof value !== "string") return typeof value === "object" ? JSON.stringify(value) : String(value);
  if (typeof value !== "string") return value;
  switch (type) {
    case "NUMBER": {
      const n = Number(value.trim());
      if (value.trim() === "" || !Number.isFinite(n)) throw new TaskFailure(`the value "${value}" is not a NUMBER`);
      return n;
    }
    case "BOOLEAN":
      if (!/^(true|false)$/i.test(value.trim())) throw new TaskFailure(`the value "${value}" is not a BOOLEAN`);
      return value.trim().toLowerCase() === "true";
    case "JSON":
      try {
        return JSON.parse(value);
      } catch {
        throw new TaskFailure("the value is not valid JSON");
      }
    default:
      return type === "STRING" ? value : value.trim();
  }
}

/**
 * kv.Set: stores `value` under `key` in the flow's namespace (or `namespace`), typed by `kvType`
 * (inferred from the rendered value when absent: a single `{{ expression }}` keeps its type), with
 * an optional `ttl`; `overwrite: false` fails on an existing key.
 * No outputs.
 */
export const kvSetTask: TaskRunner = async (ctx) => {
  const key = requiredText(ctx.props, "key");
  const namespace = await kvNamespace(ctx);
  const written = ctx.props.value;
  if (written === undefined || written === null) throw new TaskFailure('missing required property "value"');
  let raw: unknown;
  try {
    // a single expression keeps its type (a map stays a map); other text renders to text
    raw = typeof written === "string" ? await ctx.renderTyped(written) : await ctx.render(written);
  } catch (e) {
    throw new TaskFailure(`Cannot render property "value": ${e instanceof Error ? e.message : String(e)}`);
  }
  if (raw === null) throw new TaskFailure('property "value" rendered to null');
  const kvType = text(ctx.props, "kvType")?.toUpperCase();
  if (kvType !== undefined && !(KV_TYPES as readonly string[]).includes(kvType)) {
    throw new TaskFailure(`property "kvType" must be one of ${KV_TYPES.join(", ")}, not "${kvType}"`);
  }
  const type = (kvType as KvType | undefined) ?? inferred(raw);
  const value = typed(type, raw);
  const ttl = text(ctx.props, "ttl") || null;
  const overwrite = boolean(ctx.props, "overwrite", true);
  try {
    await putKv(ctx.ctx, namespace, key, { type, value, ttl }, overwrite ? { mode: "upsert" } : { mode: "create" });
  } catch (e) {
    if (!overwrite && (e as { status?: number }).status === 409) {
      throw new TaskFailure(`Cannot set value for key '${key}': the key already exists and \`overwrite\` is set to \`false\``);
    }
    throw asFailure(e);
  }
  return { outputs: null };
};
