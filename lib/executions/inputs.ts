import "server-only";
import { config } from "../config";
import type { TenantDb } from "../db";
import { invalid } from "../errors";
import { ExpressionError, type Hooks, render } from "../expressions";
import { engineContext } from "./engine-context";
import { engineHooks } from "./hooks";
import { type InputDef, InputProblem, convertInput } from "./input-types";
import { InternalStorage, executionFolder, internalPath } from "./internal-storage";
import { renderDeep } from "./render-deep";
import { sealInput } from "./secret-inputs";
import { isTruthy } from "./tasks/props";

/** A file given to a FILE input (the CLI's file; a multipart form's File is accepted as it is). */
export type UploadedFile = { filename: string; body: Uint8Array; contentType?: string };

export type InputContext = {
  db: TenantDb;
  tenantId: string;
  /** the execution the inputs are for: FILE inputs are stored in its folder, SECRET ones sealed for it */
  executionId: string;
  /** variables defaults may use besides `inputs` (flow, execution, labels, trigger, ...) */
  variables?: Record<string, unknown>;
  /** secret(), kv() and read() in defaults; the engine's, in the flow's namespace, by default */
  hooks?: Hooks;
  now?: () => Date;
};

export type InputError = { input: string; message: string };

const isUpload = (v: unknown): v is UploadedFile =>
  !!v && typeof v === "object" && typeof (v as UploadedFile).filename === "string" && (v as UploadedFile).body instanceof Uint8Array;

/** A file name kept for the internal storage: its last segment, plain characters only. */
const storedName = (filename: string) => {
  const base = filename.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "");
  return clean.slice(-200) || "file";
};

function definitions(flow: Record<string, unknown>): InputDef[] {
  const raw = Array.isArray(flow.inputs) ? flow.inputs : [];
  return raw
    .filter((i): i is Record<string, unknown> => !!i && typeof i === "object")
    .map((i) => ({ ...i, id: String(i.id ?? i.name), type: i.type === "ENUM" ? "SELECT" : String(i.type) }));
}

const isRequired = (def: InputDef) => !(def.required === false || def.required === "false");
const missing = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v === "");

/**
 * The typed inputs of a new execution from what was given (form fields, JSON, CLI `k=v`): each
 * declared input in order, its default (rendered) when none is given, `required` enforced, the
 * value converted to its type and checked (min/max, after/before, validator, values). FILE
 * uploads are stored in the execution's folder of the tenant's internal storage (the value is
 * their `kestra:///` URI); SECRET values are sealed. Inputs the flow does not declare are ignored,
 * and so are conditional ones whose `dependsOn.condition` is false.
 * Every bad input is reported, each naming its input.
 */
export async function resolveInputs(
  ctx: InputContext,
  flow: Record<string, unknown>,
  given: Record<string, unknown>,
): Promise<{ inputs: Record<string, unknown>; errors: InputError[] }> {
  const namespace = String(flow.namespace);
  const flowId = String(flow.id);
  const inputs: Record<string, unknown> = {};
  const errors: InputError[] = [];
  const hooks = ctx.hooks ?? engineHooks({ ctx: engineContext(ctx.tenantId, ctx.executionId), namespace, flowId, executionId: ctx.executionId });
  const storage = new InternalStorage(ctx.db, namespace);
  const folder = `${executionFolder(namespace, flowId, ctx.executionId)}/inputs`;

  for (const def of definitions(flow)) {
    try {
      if (!(await enabled(def, ctx, inputs, hooks))) continue;
      let value = Object.hasOwn(given, def.id) ? given[def.id] : undefined;
      if (missing(value) && def.defaults !== undefined && def.defaults !== null) {
        // defaults may use the inputs before them, as the orchestrator renders them
        const variables = { ...ctx.variables, inputs: { ...inputs } };
        value = await rendering("default", () => renderDeep(def.defaults, async (s) => (await render(s, variables, { hooks, now: ctx.now })).output));
      }
      if (missing(value)) {
        if (isRequired(def)) throw new InputProblem("is required and was not given");
        inputs[def.id] = null;
        continue;
      }
      if (def.type === "FILE") {
        inputs[def.id] = await fileInput(def, value, storage, folder, `${executionFolder(namespace, flowId, ctx.executionId)}/`);
      } else if (def.type === "SECRET") {
        inputs[def.id] = await sealInput(ctx.tenantId, ctx.executionId, def.id, convertInput(def, value) as string);
      } else {
        inputs[def.id] = convertInput(def, value, await choices(def, ctx, inputs, hooks));
      }
    } catch (e) {
      if (!(e instanceof InputProblem)) throw e;
      errors.push({ input: def.id, message: e.message });
    }
  }
  return { inputs, errors };
}

/** A render of the input's own templates; its error is the input's problem, naming what failed. */
async function rendering<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ExpressionError) throw new InputProblem(`cannot render its ${what}: ${e.message}`);
    throw e;
  }
}

/**
 * A conditional input (`dependsOn.condition`, rendered with the inputs before it) is left out,
 * unchecked, when its condition is not truthy, as the orchestrator leaves it out of the form.
 */
async function enabled(def: InputDef, ctx: InputContext, inputs: Record<string, unknown>, hooks: Hooks): Promise<boolean> {
  const condition = (def.dependsOn as { condition?: unknown } | undefined)?.condition;
  if (typeof condition !== "string" || condition.trim() === "") return true;
  const { output } = await rendering("dependsOn condition", () => render(condition, { ...ctx.variables, inputs: { ...inputs } }, { hooks, now: ctx.now }));
  return isTruthy(output);
}

/** A SELECT's or MULTISELECT's values, from `expression` when it has one (rendered to a JSON list). */
async function choices(def: InputDef, ctx: InputContext, inputs: Record<string, unknown>, hooks: Hooks): Promise<string[] | null> {
  if (typeof def.expression !== "string" || (def.type !== "SELECT" && def.type !== "MULTISELECT")) {
    const raw = def.values ?? def.options;
    return Array.isArray(raw) ? raw.map(String) : null;
  }
  const expression = def.expression;
  const { output } = await rendering("expression", () => render(expression, { ...ctx.variables, inputs }, { hooks, now: ctx.now }));
  try {
    const list = JSON.parse(output) as unknown;
    if (Array.isArray(list)) return list.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
  } catch {
    // reported below
  }
  throw new InputProblem("its expression must produce a list of values");
}

async function fileInput(def: InputDef, value: unknown, storage: InternalStorage, folder: string, own: string): Promise<string> {
  if (typeof value === "string") {
    // a file of this execution already stored (a restart, a replay that keeps its inputs)
    const path = internalPath(value.trim());
    if (path !== null && path.startsWith(own)) return value.trim();
    throw new InputProblem("must be an uploaded file");
  }
  // a multipart form's file, as Request.formData() gives it
  if (value instanceof File) value = { filename: value.name, body: new Uint8Array(await value.arrayBuffer()), contentType: value.type || undefined };
  if (!isUpload(value)) throw new InputProblem("must be an uploaded file");
  const limit = config().maxFileSize;
  if (value.body.byteLength > limit) throw new InputProblem(`is larger than the limit of ${limit} bytes per file`);
  return storage.put(`${folder}/${def.id}/${storedName(value.filename)}`, value.body, value.contentType ?? "application/octet-stream");
}

/** resolveInputs for the API and the CLI: the typed inputs, or 422 with one detail per bad input. */
export async function validInputs(ctx: InputContext, flow: Record<string, unknown>, given: Record<string, unknown>) {
  const { inputs, errors } = await resolveInputs(ctx, flow, given);
  if (errors.length) {
    throw invalid(
      `Invalid input${errors.length > 1 ? "s" : ""}`,
      errors.map((e) => ({ path: `inputs.${e.input}`, message: `input "${e.input}" ${e.message}` })),
    );
  }
  return inputs;
}
