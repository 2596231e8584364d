import "server-only";
import type { Actor } from "../authz/actor";
import type { TenantContext } from "../authz/context";
import type { Paging } from "../api/paging";
import { listInstanceAuditLogs } from "./instance-read";
import { type AuditFilters, CSV_LIMIT, listAuditLogs } from "./read";

// The audit CSV export, streamed: entries are read a batch at a time as the client takes them, so
// a large export never sits in memory whole. Each batch comes from the log's own list function
// (listAuditLogs, listInstanceAuditLogs), so an entry looks in the file exactly as the reader may
// see it in the list.

const BATCH = 200;
const HEADER = ["time", "actor", "via", "action", "resourceType", "resourceId", "namespace", "before", "after"];

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : typeof v === "string" ? v : JSON.stringify(v);
  // a leading = + - @ would run as a formula in a spreadsheet
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

type Entry = { createdAt: Date; actorName: string; via: string; action: string; resourceType: string; resourceId: string; namespace?: string | null; before: unknown; after: unknown };
type ReadPage = (filters: AuditFilters, paging: Paging) => Promise<{ results: Entry[] }>;

/** The tenant's filtered log as a CSV stream (at most CSV_LIMIT rows, newest first). Permissions are checked before it starts. */
export function auditCsvStream(ctx: TenantContext, filters: AuditFilters): Promise<ReadableStream<Uint8Array>> {
  return csvStream((f, p) => listAuditLogs(ctx, f, p), filters);
}

/** The instance log, the same way (superadmins only: refused before anything is sent). */
export function instanceAuditCsvStream(actor: Actor, filters: AuditFilters): Promise<ReadableStream<Uint8Array>> {
  return csvStream((f, p) => listInstanceAuditLogs(actor, f, p), filters);
}

async function csvStream(read: ReadPage, filters: AuditFilters): Promise<ReadableStream<Uint8Array>> {
  // entries written during the export come after it: the pages do not shift under it
  const started = new Date();
  const range: AuditFilters = { ...filters, to: filters.to && filters.to < started ? filters.to : started };
  const first = await read(range, { page: 1, size: BATCH });
  const encoder = new TextEncoder();
  let page = 1;
  let batch = first.results;
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(HEADER.join(",") + "\r\n"));
    },
    async pull(controller) {
      if (batch.length === 0 || sent >= CSV_LIMIT) return controller.close();
      const rows = batch.slice(0, CSV_LIMIT - sent);
      sent += rows.length;
      const text = rows
        .map((r) => [r.createdAt, r.actorName, r.via, r.action, r.resourceType, r.resourceId, r.namespace, r.before, r.after].map(csvCell).join(",") + "\r\n")
        .join("");
      controller.enqueue(encoder.encode(text));
      batch = rows.length < BATCH ? [] : (await read(range, { page: ++page, size: BATCH })).results;
    },
  });
}
