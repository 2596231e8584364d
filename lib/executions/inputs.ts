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
export const storedName = (filename: string) => {
  const base = filename.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "");
  return clean.slice(-200) || "file";
};

function definitions(flow: Record<string, unknown>): InputDef[] {
  const raw = Array.isArray(flow.inputs) ? flow.inputs : [];
  return raw
    .filter((i): i is Record<string, unknown> => !!i && typeof i === "object")
    .map((i) => ({ ...i, id: String(i.id ?? i.name), type: i.type === "ENUM" ? "SELECT" : i.type === "BOOL" ? "BOOLEAN" : String(i.type) }));
}

const isRequired = (def: InputDef) => !(def.required === false || def.required === "false");
const missing = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v === "");

/** A conditional input's `dependsOn`: the inputs it reads (declared ones other than itself) and its condition. */
function dependsOnOf(def: InputDef, declared: ReadonlyMap<string, InputDef>): { inputs: string[]; condition: string | null } {
  const raw = (def.dependsOn ?? {}) as { inputs?: unknown; condition?: unknown };
  // the orchestrator ignores dependencies on inputs the flow does not declare
  const inputs = Array.isArray(raw.inputs) ? [...new Set(raw.inputs.map(String))].filter((id) => id !== def.id && declared.has(id)) : [];
  const condition = typeof raw.condition === "string" && raw.condition.trim() !== "" ? raw.condition : null;
  return { inputs, condition };
}

/** One input once resolved: left out (its condition false, or a dependency left out or refused), refused, or its value. */
type Resolved = { enabled: false } | { enabled: true; failed: true } | { enabled: true; failed: false; value: unknown };

/** How a checked, non-missing value becomes the input's value (stored and sealed for a run; only checked for the form). */
type Finish = (def: InputDef, value: unknown, visible: Record<string, unknown>, hooks: Hooks) => Promise<unknown>;

/**
 * Every declared input resolved as the orchestrator does: the inputs one `dependsOn` are resolved
 * before it; it is left out, unchecked and without a value, when one of them is left out or when
 * its `dependsOn.condition` (rendered with those inputs) is not true; else its given value, or its
 * default rendered with the inputs resolved before it, is required, converted and checked.
 */
async function resolveEach(ctx: InputContext, flow: Record<string, unknown>, given: Record<string, unknown>, hooks: Hooks, finish: Finish) {
  const defs = definitions(flow);
  const declared = new Map(defs.map((d) => [d.id, d]));
  const done = new Map<string, Resolved>();
  const resolving: string[] = [];
  const errors: InputError[] = [];
  const visible = () =>
    Object.fromEntries(defs.flatMap((d) => {
      const r = done.get(d.id);
      return r?.enabled && !r.failed ? [[d.id, r.value]] : [];
    }));

  async function resolve(def: InputDef): Promise<Resolved> {
    const known = done.get(def.id);
    if (known) return known;
    resolving.push(def.id);
    const resolved = await attempt(def, async () => {
      const { inputs: needs, condition } = dependsOnOf(def, declared);
      const dependencies: Record<string, unknown> = {};
      for (const id of needs) {
        if (resolving.includes(id)) throw new InputProblem(`its dependsOn forms a cycle: ${[...resolving.slice(resolving.indexOf(id)), id].join(" -> ")}`);
        const dependency = await resolve(declared.get(id)!);
        // a refused dependency is reported on its own; what depends on it is left out
        if (!dependency.enabled || dependency.failed) return { enabled: false };
        dependencies[id] = dependency.value;
      }
      if (condition !== null) {
        const variables = { ...ctx.variables, inputs: dependencies };
        const { output } = await rendering("dependsOn condition", () => render(condition, variables, { hooks, now: ctx.now }));
        // as the orchestrator, only a condition that is true enables the input
        if (output.trim() !== "true") return { enabled: false };
      }
      const before = { ...visible(), ...dependencies };
      let value = Object.hasOwn(given, def.id) ? given[def.id] : undefined;
      if (missing(value) && def.defaults !== undefined && def.defaults !== null) {
        // defaults may use the inputs resolved before them, as the orchestrator renders them
        const variables = { ...ctx.variables, inputs: before };
        value = await rendering("default", () => renderDeep(def.defaults, async (s) => (await render(s, variables, { hooks, now: ctx.now })).output));
      }
      if (missing(value)) {
        if (isRequired(def)) throw new InputProblem("is required and was not given");
        return { enabled: true, failed: false, value: null };
      }
      return { enabled: true, failed: false, value: await finish(def, value, before, hooks) };
    });
    resolving.pop();
    done.set(def.id, resolved);
    return resolved;
  }

  async function attempt(def: InputDef, fn: () => Promise<Resolved>): Promise<Resolved> {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof InputProblem)) throw e;
      errors.push({ input: def.id, message: e.message });
      return { enabled: true, failed: true };
    }
  }

  for (const def of defs) await resolve(def);
  const order = new Map(defs.map((d, i) => [d.id, i]));
  errors.sort((a, b) => order.get(a.input)! - order.get(b.input)!);
  return { defs, done, errors };
}

/**
 * The typed inputs of a new execution from what was given (form fields, JSON, CLI `k=v`): each
 * declared input in order, its default (rendered) when none is given, `required` enforced, the
 * value converted to its type and checked (min/max, after/before, validator, values). FILE
 * uploads are stored in the execution's folder of the tenant's internal storage (the value is
 * their `kestra:///` URI); SECRET values are sealed. Inputs the flow does not declare are ignored,
 * and so are conditional ones left out by their `dependsOn` (see resolveEach).
 * Every bad input is reported, each naming its input.
 */
export async function resolveInputs(
  ctx: InputContext,
  flow: Record<string, unknown>,
  given: Record<string, unknown>,
): Promise<{ inputs: Record<string, unknown>; errors: InputError[] }> {
  const namespace = String(flow.namespace);
  const flowId = String(flow.id);
  const hooks = ctx.hooks ?? engineHooks({ ctx: engineContext(ctx.tenantId, ctx.executionId), namespace, flowId, executionId: ctx.executionId });
  const storage = new InternalStorage(ctx.db, namespace);
  const own = `${executionFolder(namespace, flowId, ctx.executionId)}/`;
  const { defs, done, errors } = await resolveEach(ctx, flow, given, hooks, async (def, value, before) => {
    if (def.type === "FILE") return fileInput(def, value, storage, `${own}inputs`, own);
    if (def.type === "SECRET") return sealInput(ctx.tenantId, ctx.executionId, def.id, convertInput(def, value) as string);
    return convertInput(def, value, await choices(def, ctx, before, hooks));
  });
  const inputs: Record<string, unknown> = {};
  for (const def of defs) {
    const r = done.get(def.id);
    if (r?.enabled && !r.failed) inputs[def.id] = r.value;
  }
  return { inputs, errors };
}

/**
 * Whether each conditional input (one with a `dependsOn`) is asked for, given the values typed so
 * far: the run form shows the ones that are. The inputs are resolved as for a run (defaults
 * rendered, values checked) but nothing is stored or sealed, and only the answer leaves.
 */
export async function conditionalInputs(ctx: InputContext, flow: Record<string, unknown>, given: Record<string, unknown>): Promise<Record<string, boolean>> {
  const hooks = ctx.hooks ?? engineHooks({ ctx: engineContext(ctx.tenantId, ctx.executionId), namespace: String(flow.namespace), flowId: String(flow.id), executionId: ctx.executionId });
  const { defs, done } = await resolveEach(ctx, flow, given, hooks, async (def, value, before) => {
    // a file is not uploaded until the run: the form names it
    if (def.type === "FILE") return typeof value === "string" ? value : "file";
    return convertInput(def, value, def.type === "SECRET" ? null : await choices(def, ctx, before, hooks));
  });
  return Object.fromEntries(defs.filter((d) => d.dependsOn !== undefined && d.dependsOn !== null).map((d) => [d.id, done.get(d.id)?.enabled === true]));
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
