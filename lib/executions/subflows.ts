import "server-only";
import { parse as parseYaml } from "yaml";
import type { Tx } from "../db";
import { AppError } from "../errors";
import { isAllowed, parseAllowed } from "../namespaces/chain";
import { engineContext } from "./engine-context";
import { prepareExecution } from "./executions";
import type { UploadedFile } from "./inputs";
import type { BatchOptions, Prepared, SubflowPort, SubflowRequest } from "./executor/subflow";
import { InternalStorage, executionFolder, internalPath, taskRunFolder } from "./internal-storage";
import type { Execution } from "./types";

// The executor's port to child executions (Subflow, ForEachItem): the run-time checks and the
// preparation of a child as an API start makes it, always in the parent's tenant (every read goes
// through the parent's tenant-bound transaction or client: another tenant's flow of the same
// namespace and id is never seen), and ForEachItem's batch files in the parent's internal storage.

const NAMESPACE = /^[a-z0-9][a-z0-9._-]{0,149}$/;
const FLOW_ID = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/;

const messageOf = (e: unknown) => {
  if (e instanceof AppError) return [e.message, ...e.details.map((d) => d.message)].join(": ");
  return e instanceof Error ? e.message : String(e);
};

/** The port for one step of `parent`, reading through `tx` (the step's tenant-bound transaction). */
export function subflowPort(tx: Tx): SubflowPort {
  return {
    prepare: (request) => prepareChild(tx, request),
    split: (request) => splitItems(request.parent, request),
    batches: async (parent, splits) => {
      const text = await readOwn(parent, splits);
      return text.split("\n").filter((line) => line !== "");
    },
    merge: (request) => mergeOutputs(tx, request),
  };
}

async function prepareChild(tx: Tx, request: SubflowRequest): Promise<Prepared> {
  const { parent, namespace, flowId } = request;
  const target = `${namespace}.${flowId}`;
  if (!NAMESPACE.test(namespace) || !FLOW_ID.test(flowId)) return { ok: false, error: `Subflow ${target}: no such flow` };
  // the caller's tenant only: the transaction is bound to it
  const flow = await tx.flow.findFirst({ where: { tenantId: parent.tenantId, namespace, flowId, deleted: false }, select: { disabled: true, parsed: true, revision: true } });
  if (!flow) return { ok: false, error: `Subflow ${target}: no such flow` };
  if (flow.disabled) return { ok: false, error: `Subflow ${target} is disabled: a disabled flow runs nothing` };
  if (namespace !== parent.namespace) {
    const owner = await tx.namespace.findFirst({ where: { tenantId: parent.tenantId, name: namespace }, select: { allowedNamespaces: true } });
    if (!isAllowed(parseAllowed(owner?.allowedNamespaces ?? null), namespace, parent.namespace)) {
      return { ok: false, error: `Subflow ${target}: namespace ${namespace} does not allow ${parent.namespace} to use its flows as subflows` };
    }
  }
  const ctx = engineContext(parent.tenantId, parent.id);
  try {
    const inputs = await withFiles(parent, await declared(tx, flow, request), request.inputs);
    const trigger = {
      kind: "subflow",
      id: request.taskId,
      variables: { executionId: parent.id, namespace: parent.namespace, flowId: parent.flowId, flowRevision: parent.flowRevision },
      parentTaskRunId: request.taskRunId,
      depth: request.depth,
      ...(request.iteration !== undefined ? { iteration: request.iteration } : {}),
    };
    const start = { namespace, flowId, revision: request.revision, inputs, labels: request.labels, trigger, ...(request.scheduleDate ? { scheduleDate: request.scheduleDate } : {}) };
    const child = await prepareExecution(ctx, start, new Date(), request.childId);
    return { ok: true, execution: { ...child, parentId: parent.id } };
  } catch (e) {
    // a refusal fails the task run; anything else (the database away) fails the step, tried again later
    if (!(e instanceof AppError)) throw e;
    return { ok: false, error: `Subflow ${target}: ${messageOf(e)}` };
  }
}

/** The flow revision the child runs (its inputs say which are files): the current one, or the one asked for. */
async function declared(tx: Tx, flow: { parsed: string; revision: number }, request: SubflowRequest): Promise<Record<string, unknown>> {
  if (request.revision === undefined || request.revision === flow.revision) return JSON.parse(flow.parsed) as Record<string, unknown>;
  const where = { tenantId: request.parent.tenantId, namespace: request.namespace, flowId: request.flowId, revision: request.revision };
  const old = await tx.flowRevision.findFirst({ where, select: { source: true } });
  // a missing revision is refused by prepareExecution, with its message
  return old ? (parseYaml(old.source) as Record<string, unknown>) : {};
}

/**
 * A FILE input given the URI of one of the parent's files (`{{ inputs.file }}`, `{{ taskrun.items }}`):
 * the file is handed to the child as an upload, so the child keeps its own copy in its own folder.
 */
async function withFiles(parent: Execution, flow: Record<string, unknown>, given: Record<string, unknown>): Promise<Record<string, unknown>> {
  const defs = Array.isArray(flow.inputs) ? (flow.inputs as Record<string, unknown>[]) : [];
  const files = new Set(defs.filter((d) => d && d.type === "FILE").map((d) => String(d.id)));
  const out: Record<string, unknown> = { ...given };
  for (const [id, value] of Object.entries(given)) {
    if (!files.has(id) || typeof value !== "string") continue;
    const path = internalPath(value.trim());
    if (path === null || !path.startsWith(`${executionFolder(parent.namespace, parent.flowId, parent.id)}/`)) continue;
    const body = await new InternalStorage(engineContext(parent.tenantId, parent.id).db, parent.namespace).get(path);
    if (body === null) throw new AppError(422, "VALIDATION_FAILED", `input "${id}": no file at ${value}`);
    const upload: UploadedFile = { filename: path.split("/").pop() ?? "file", body };
    out[id] = upload;
  }
  return out;
}

/** The text of one of the parent's own files; another execution's is refused. */
async function readOwn(parent: Execution, uri: string): Promise<string> {
  const path = internalPath(uri);
  const own = `${executionFolder(parent.namespace, parent.flowId, parent.id)}/`;
  if (path === null || !path.startsWith(own)) throw new Error(`items: ${uri.slice(0, 200)} is not a file of this execution (a kestra:/// URI such as {{ inputs.file }})`);
  const bytes = await new InternalStorage(engineContext(parent.tenantId, parent.id).db, parent.namespace).get(path);
  if (bytes === null) throw new Error(`items: no file at ${uri}`);
  return new TextDecoder().decode(bytes);
}

const SIZE = /^(\d+)\s*([KMG]?B?)$/i;
const UNITS: Record<string, number> = { "": 1, B: 1, K: 1024, KB: 1024, M: 1024 ** 2, MB: 1024 ** 2, G: 1024 ** 3, GB: 1024 ** 3 };

function bytesOf(text: string): number {
  const m = SIZE.exec(text.trim());
  const n = m ? Number(m[1]) * UNITS[m[2].toUpperCase()] : NaN;
  if (!Number.isFinite(n) || n < 1) throw new Error(`batch.bytes: "${text}" is not a size (e.g. 10MB)`);
  return n;
}

/** The items' records cut into batches as `batch` says (records are never cut). */
export function batchesOf(text: string, batch: BatchOptions): string[][] {
  const records = text.split(batch.separator);
  if (records.length && records[records.length - 1] === "") records.pop();
  const batches: string[][] = [];
  if (batch.partitions !== undefined) {
    const size = Math.ceil(records.length / batch.partitions);
    for (let i = 0; i < records.length; i += size) batches.push(records.slice(i, i + size));
  } else if (batch.bytes !== undefined) {
    const max = bytesOf(batch.bytes);
    let current: string[] = [];
    let size = 0;
    for (const r of records) {
      const n = Buffer.byteLength(r) + Buffer.byteLength(batch.separator);
      if (current.length && size + n > max) {
        batches.push(current);
        current = [];
        size = 0;
      }
      current.push(r);
      size += n;
    }
    if (current.length) batches.push(current);
  } else {
    const rows = batch.rows ?? 1;
    for (let i = 0; i < records.length; i += rows) batches.push(records.slice(i, i + rows));
  }
  return batches;
}

async function splitItems(parent: Execution, req: { taskId: string; taskRunId: string; items: string; batch: BatchOptions; max: number }) {
  const text = await readOwn(parent, req.items);
  const batches = batchesOf(text, req.batch);
  if (batches.length > req.max) {
    throw new Error(`the items make ${batches.length} batches, more than the limit of ${req.max} (limits.maxTaskRuns): use larger batches`);
  }
  const storage = new InternalStorage(engineContext(parent.tenantId, parent.id).db, parent.namespace);
  const folder = taskRunFolder(parent.namespace, parent.flowId, parent.id, req.taskId, req.taskRunId);
  const ext = /\.[A-Za-z0-9]{1,10}$/.exec(internalPath(req.items) ?? "")?.[0] ?? "";
  const uris: string[] = [];
  for (let i = 0; i < batches.length; i++) {
    uris.push(await storage.put(`${folder}/batch-${i + 1}${ext}`, batches[i].map((r) => r + req.batch.separator).join("")));
  }
  const splits = await storage.put(`${folder}/splits.txt`, uris.map((u) => `${u}\n`).join(""), "text/plain");
  return { splits, count: uris.length };
}

/** The outputs of the children one `_items` task run started, one JSON line each, in batch order. */
async function mergeOutputs(tx: Tx, req: { parent: Execution; taskId: string; taskRunId: string; itemsTaskRunId: string }): Promise<string> {
  const { parent } = req;
  const rows = await tx.execution.findMany({ where: { tenantId: parent.tenantId, parentId: parent.id }, select: { trigger: true, outputs: true } });
  const lines = rows
    .map((r) => ({ trigger: JSON.parse(r.trigger ?? "{}") as { parentTaskRunId?: string; iteration?: number }, outputs: r.outputs }))
    .filter((r) => r.trigger.parentTaskRunId === req.itemsTaskRunId)
    .sort((a, b) => (a.trigger.iteration ?? 0) - (b.trigger.iteration ?? 0))
    .map((r) => `${r.outputs ?? "{}"}\n`);
  const storage = new InternalStorage(engineContext(parent.tenantId, parent.id).db, parent.namespace);
  return storage.put(`${taskRunFolder(parent.namespace, parent.flowId, parent.id, req.taskId, req.taskRunId)}/outputs.jsonl`, lines.join(""), "application/x-ndjson");
}
