import "server-only";
import crypto from "node:crypto";
import type { Actor } from "../authz/actor";
import { takeRate } from "../auth/throttle";
import { type TenantContext, tenantContext } from "../authz/context";
import { config } from "../config";
import { AppError, badRequest, invalid, notFound } from "../errors";
import { MAX_BODY_BYTES, readBytes } from "../api/body";
import { prepareExecution, waitForEnd, writeNewExecution } from "../executions/executions";
import { storedName } from "../executions/inputs";
import { InternalStorage, executionFolder, internalUri } from "../executions/internal-storage";
import { engineHooks } from "../executions/hooks";
import { CHANNELS, newId } from "../executions/store";
import { type ExecutionView, executionSummary } from "../executions/views";
import { wake } from "../executions/wakeup";
import { ExpressionError, hasExpression, render } from "../expressions";
import { MAX_VALUE_DEPTH, nestedDeeperThan, nestingMessage } from "../json-depth";
import { type WebhookDefinition, webhookTriggers } from "./definition";
import { ConditionError, allHold } from "./conditions";
import { renderWith, renderedInputs } from "./fire";

// Webhook triggers: `.../executions/webhook/{namespace}/{flowId}/{key}` starts the flow without a
// login, the key being the credential. Every way of not reaching a trigger (no such tenant, flow or
// key; a flow or trigger disabled) is the same 404, so the answer tells nothing of what exists. The
// key is compared in constant time and never written anywhere: not in a log, an error or the audit.

export type WebhookAddress = { tenant: string; namespace: string; flowId: string; key: string };

const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const NAMESPACE = /^[a-z0-9][a-z0-9._-]{0,149}$/;
const FLOW_ID = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/;
const MAX_KEY = 256;

/** The one answer for every webhook that cannot be reached. */
const unreachable = () => notFound("Not found");

/** Whether two keys are equal, in a time that does not depend on where they differ (nor on their lengths: both are hashed first). */
export function sameKey(given: string, expected: string): boolean {
  const a = crypto.createHash("sha256").update(given, "utf8").digest();
  const b = crypto.createHash("sha256").update(expected, "utf8").digest();
  return crypto.timingSafeEqual(a, b);
}

/**
 * Counts a call against its tenant's rate (every call, found or not: guessing keys costs the same),
 * in the database so that every app instance shares it; 429 with Retry-After past the limit.
 */
export async function throttleWebhook(tenant: string, now = new Date()) {
  // a name no tenant can have is answered 404 without a rate of its own
  if (!TENANT_ID.test(tenant)) return;
  const wait = await takeRate(`webhook:${tenant}`, config().webhookRateLimit, 60_000, now);
  if (wait > 0) throw new AppError(429, "TOO_MANY_REQUESTS", `Too many webhook calls for this tenant; try again in ${wait} s`, [{ path: "retryAfter", message: String(wait) }]);
}

const webhookActor = (): Actor => ({
  userId: null,
  username: "webhook",
  displayName: "Webhook",
  superadmin: false,
  canCreateTenant: false,
  via: "api",
  system: true,
});

export type WebhookMatch = { ctx: TenantContext; namespace: string; flowId: string; revision: number; trigger: WebhookDefinition };

/** The key as the flow states it, its expressions rendered with the flow's context (secret() and kv() of its namespace); null when it cannot be rendered. */
async function keyOf(ctx: TenantContext, def: WebhookDefinition, flow: Record<string, unknown>, at: { namespace: string; flowId: string; revision: number }): Promise<string | null> {
  if (!hasExpression(def.key)) return def.key;
  try {
    const variables = { flow: { id: at.flowId, namespace: at.namespace, revision: at.revision, tenantId: ctx.tenantId }, vars: flow.variables ?? {} };
    const hooks = engineHooks({ ctx, namespace: at.namespace, flowId: at.flowId, executionId: "" });
    return (await render(def.key, variables, { hooks })).output;
  } catch {
    // a key that does not render matches nothing (and is not logged: it may hold a secret)
    return null;
  }
}

/** The enabled Webhook trigger of an enabled flow whose key is the given one; 404, always the same, otherwise. */
export async function findWebhook(address: WebhookAddress): Promise<WebhookMatch> {
  const { tenant, namespace, flowId, key } = address;
  if (!TENANT_ID.test(tenant) || !NAMESPACE.test(namespace) || !FLOW_ID.test(flowId) || key.length === 0 || key.length > MAX_KEY) throw unreachable();
  let ctx: TenantContext;
  try {
    ctx = await tenantContext(webhookActor(), tenant);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) throw unreachable();
    throw e;
  }
  const row = await ctx.db.flow.findFirst({ where: { namespace, flowId, deleted: false, disabled: false }, select: { revision: true, parsed: true } });
  if (!row) throw unreachable();
  const flow = JSON.parse(row.parsed) as Record<string, unknown>;
  const at = { namespace, flowId, revision: row.revision };
  let found: WebhookDefinition | null = null;
  for (const def of webhookTriggers(flow)) {
    if (def.disabled === true) continue;
    const expected = await keyOf(ctx, def, flow, at);
    // every trigger is compared, so the time taken does not say which one matched
    if (expected !== null && sameKey(key, expected) && !found) found = def;
  }
  if (!found) throw unreachable();
  const stored = await ctx.db.trigger.findFirst({ where: { namespace, flowId, triggerId: found.id }, select: { disabled: true } });
  if (stored?.disabled) throw unreachable();
  return { ctx, ...at, trigger: found };
}

/**
 * What the request passes on as `trigger.*`, as the orchestrator names them: body, headers and
 * query parameters; a multipart form's fields (`formFields`) and files (`parts`: name -> the
 * `kestra:///` URI of the stored file); a bytes body stored with `fetchType: STORE` (`uri`).
 */
export type WebhookVariables = {
  body: unknown;
  headers: Record<string, string[]>;
  parameters: Record<string, string[]>;
  formFields?: Record<string, string | string[]>;
  parts?: Record<string, string | string[]>;
  uri?: string;
};

/** A file the request brought, stored in the execution's folder once the execution is sure to be created. */
type PendingFile = { field: string; filename: string; contentType: string; bytes: Uint8Array };

/** The request as read: what goes to `trigger.*` once the files have their places, and those files. */
export type WebhookRequest = {
  body: unknown;
  headers: Record<string, string[]>;
  parameters: Record<string, string[]>;
  /** a multipart form: its text fields and its files */
  form: { fields: [string, string][]; files: PendingFile[] } | null;
  /** a body that is neither text nor a form (bytes), with its type */
  binary: { bytes: Uint8Array; contentType: string } | null;
};

const isJson = (ct: string) => /^application\/([\w.+-]+\+)?json\b/i.test(ct);
const isText = (ct: string) => ct === "" || /^text\/|^application\/(x-www-form-urlencoded|xml|([\w.+-]+\+)?(json|xml|yaml)|x-yaml|csv)\b/i.test(ct);
const isMultipart = (ct: string) => /^multipart\/form-data\b/i.test(ct);

// a caller's credentials for this instance never reach an execution that others may read
const DROPPED_HEADERS = new Set(["cookie", "authorization", "proxy-authorization"]);

/** Most fields and files one form may bring. */
const MAX_FORM_ENTRIES = 100;

/** name -> value, or a list of values when the name comes more than once (in a Map first: a name such as __proto__ is a name like any other). */
function grouped(entries: [string, string][]): Record<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (const [name, value] of entries) {
    const had = out.get(name);
    out.set(name, had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value]);
  }
  return Object.fromEntries(out);
}

/**
 * Reads the request. The body is bounded like every other route's (413 past it): a JSON body parsed
 * (400 when it is not JSON, 422 when nested too deep), other text as the text, a multipart form as
 * its fields and files (400 when it cannot be read), anything else (bytes) base64-encoded in `body`
 * unless the trigger stores it (fetchType STORE). Headers are name -> list of values.
 */
export async function readWebhookRequest(req: Request): Promise<WebhookRequest> {
  const headers = new Map<string, string[]>();
  req.headers.forEach((value, name) => {
    if (!DROPPED_HEADERS.has(name)) headers.set(name, [...(headers.get(name) ?? []), value]);
  });
  const parameters = new Map<string, string[]>();
  for (const [name, value] of new URL(req.url).searchParams) parameters.set(name, [...(parameters.get(name) ?? []), value]);
  const ct = (req.headers.get("content-type") ?? "").trim();
  const bytes = await readBytes(req, MAX_BODY_BYTES);
  const out: WebhookRequest = { body: null, headers: Object.fromEntries(headers), parameters: Object.fromEntries(parameters), form: null, binary: null };
  if (bytes.byteLength === 0) return out;
  if (isMultipart(ct)) {
    let data: FormData;
    try {
      data = await new Response(Buffer.from(bytes), { headers: { "content-type": ct } }).formData();
    } catch {
      throw badRequest("The body is not a readable multipart form");
    }
    const form: NonNullable<WebhookRequest["form"]> = { fields: [], files: [] };
    let count = 0;
    for (const [field, value] of data.entries()) {
      if (++count > MAX_FORM_ENTRIES) throw invalid("The request breaks a rule", [{ path: "body", message: `a form may have at most ${MAX_FORM_ENTRIES} fields and files` }]);
      if (typeof value === "string") form.fields.push([field, value]);
      else form.files.push({ field, filename: value.name, contentType: value.type || "application/octet-stream", bytes: new Uint8Array(await value.arrayBuffer()) });
    }
    out.form = form;
  } else if (!isText(ct)) {
    out.binary = { bytes, contentType: ct || "application/octet-stream" };
  } else {
    const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
    if (!isJson(ct)) out.body = text;
    else {
      try {
        out.body = JSON.parse(text);
      } catch {
        throw badRequest("The body is not valid JSON");
      }
      if (nestedDeeperThan(out.body)) throw invalid("The request breaks a rule", [{ path: "body", message: nestingMessage(MAX_VALUE_DEPTH) }]);
    }
  }
  return out;
}

/**
 * The request's `trigger.*` for one execution, and the files to store for it: a form's files and
 * a stored body go to `<execution folder>/trigger/...`, so that the execution's FILE inputs may
 * take them (`{{ trigger.parts.report }}`, `{{ trigger.uri }}`).
 */
export function webhookVariables(request: WebhookRequest, at: { namespace: string; flowId: string; executionId: string }, fetchType?: string) {
  const folder = `${executionFolder(at.namespace, at.flowId, at.executionId)}/trigger`;
  const variables: WebhookVariables = { body: request.body, headers: request.headers, parameters: request.parameters };
  const files: { path: string; bytes: Uint8Array; contentType: string }[] = [];
  if (request.form) {
    variables.formFields = grouped(request.form.fields);
    variables.parts = grouped(
      request.form.files.map((f, i) => {
        const path = `${folder}/parts/${i + 1}/${storedName(f.filename)}`;
        files.push({ path, bytes: f.bytes, contentType: f.contentType });
        return [f.field, internalUri(path)];
      }),
    );
  }
  if (request.binary) {
    if (fetchType === "STORE") {
      const path = `${folder}/body`;
      files.push({ path, bytes: request.binary.bytes, contentType: request.binary.contentType });
      variables.uri = internalUri(path);
    } else {
      variables.body = Buffer.from(request.binary.bytes).toString("base64");
    }
  }
  return { variables, files };
}

const flag = (v: unknown) => v === true || v === "true";

export type WebhookAnswer = { status: number; body: unknown; contentType?: string | null };

/**
 * Starts the matched flow with the request's variables and the trigger's inputs rendered against
 * them (422 when they cannot be rendered or the flow refuses them; nothing is created then). 204
 * when the trigger's conditions do not hold. Answers the new execution, or with `wait` the ended
 * one (500 when it FAILED, as the orchestrator answers), or with `returnOutputs` its outputs, in
 * the trigger's `responseContentType` when it names one. The request's files are stored only once
 * the execution is going to be created.
 */
export async function fireWebhook(match: WebhookMatch, request: WebhookRequest, waitMs: number): Promise<WebhookAnswer> {
  const { ctx, namespace, flowId, revision, trigger } = match;
  const executionId = newId();
  const { variables, files } = webhookVariables(request, { namespace, flowId, executionId }, trigger.fetchType);
  const scope = { trigger: variables, flow: { id: flowId, namespace, revision, tenantId: ctx.tenantId } };
  let inputs: Record<string, unknown>;
  try {
    if (!(await allHold(trigger.conditions, { render: renderWith(scope) }))) return { status: 204, body: null };
    inputs = await renderedInputs(trigger.inputs ?? {}, scope);
  } catch (e) {
    if (e instanceof ConditionError) throw invalid("The webhook's conditions cannot be evaluated", [{ path: "conditions", message: e.message }]);
    if (e instanceof ExpressionError) throw invalid("The webhook's inputs cannot be rendered", [{ path: "inputs", message: e.message }]);
    throw e;
  }
  const limit = config().maxFileSize;
  for (const f of files) {
    if (f.bytes.byteLength > limit) throw invalid("The request breaks a rule", [{ path: "body", message: `a file is larger than the limit of ${limit} bytes` }]);
  }
  const storage = new InternalStorage(ctx.db, namespace);
  for (const f of files) await storage.put(f.path, f.bytes, f.contentType);
  const execution = await prepareExecution(ctx, { namespace, flowId, inputs, trigger: { kind: "webhook", id: trigger.id, variables } }, new Date(), executionId);
  await ctx.db.$transaction(async (tx) => {
    await writeNewExecution(tx, ctx, execution);
    await tx.trigger.updateMany({ where: { namespace, flowId, triggerId: trigger.id }, data: { executionId: execution.id } });
  });
  wake(CHANNELS.executor);
  if (!flag(trigger.wait)) return { status: 200, body: { ...executionSummary(execution), taskRunList: [], taskRunTotal: 0 } satisfies ExecutionView };
  const ended = await waitForEnd(ctx, execution.id, waitMs);
  const status = ended.state.current === "FAILED" ? 500 : 200;
  if (!flag(trigger.returnOutputs)) return { status, body: ended };
  return { status, body: ended.outputs ?? {}, contentType: responseType(trigger.responseContentType) };
}

/** The answer's media type a trigger asks for (a plain `type/subtype`, parameters allowed); null: JSON. */
export function responseType(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const t = value.trim();
  return /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=[\w.+"-]+)*$/.test(t) && !/[\r\n]/.test(t) ? t : null;
}

/**
 * The answer's body in the asked media type: JSON types get the JSON; another type gets the outputs'
 * only value as it is when the flow has exactly one output and it is text (a flow answering HTML or
 * CSV), else the JSON.
 */
export function answerBody(body: unknown, contentType: string): string {
  if (!/\bjson\b/i.test(contentType) && body && typeof body === "object" && !Array.isArray(body)) {
    const values = Object.values(body as Record<string, unknown>);
    if (values.length === 1 && typeof values[0] === "string") return values[0];
  }
  return JSON.stringify(body);
}
