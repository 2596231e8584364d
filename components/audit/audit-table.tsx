import { Badge } from "@/components/ui/badge";
import { ChangeDetails } from "./change-details";
import { Table, THead, tbodyClass, tdClass } from "@/components/ui/table";

export type AuditRow = {
  id: string;
  createdAt: Date | string;
  actorName: string;
  via: string;
  action: string;
  resourceType: string;
  resourceId: string;
  namespace?: string | null;
  before: unknown;
  after: unknown;
  /** Set when the reader may not read the resource: why its before/after are hidden. */
  masked?: string;
};

const actionTone = (a: string) => (a === "DELETE" || a === "REVOKE" ? "red" : a === "CREATE" ? "green" : a === "UPDATE" ? "indigo" : "slate");

type BindingShape = { role?: unknown; user?: unknown; group?: unknown; namespace?: unknown };

/** What a binding entry is about, in words: its id means nothing to a reader. */
function bindingSummary(e: AuditRow): string | null {
  const b = (e.after ?? e.before) as BindingShape | null;
  if (!b || typeof b !== "object" || typeof b.role !== "string") return null;
  const who = typeof b.user === "string" ? `user ${b.user}` : typeof b.group === "string" ? `group ${b.group}` : "?";
  const where = typeof b.namespace === "string" ? `in namespace ${b.namespace}` : "tenant-wide";
  return `${b.role} for ${who}, ${where}`;
}

/** Audit entries, newest first; each row opens to its before/after diff. */
export function AuditTable({ rows, showNamespace = true }: { rows: AuditRow[]; showNamespace?: boolean }) {
  const columns = [
    { label: "Time" },
    { label: "Actor" },
    { label: "Action" },
    { label: "Resource" },
    ...(showNamespace ? [{ label: "Namespace" }] : []),
    { label: "Details", srOnly: true },
  ];
  return (
    <Table testId="audit-table" label="Audit log">
      <THead columns={columns} />
      <tbody className={tbodyClass}>
        {rows.map((e) => (
          <tr key={e.id} className="align-top" data-testid="audit-row">
            <td className={`${tdClass} whitespace-nowrap font-mono text-xs text-slate-500`}>
              {new Date(e.createdAt).toISOString().replace("T", " ").slice(0, 19)} UTC
            </td>
            <td className={tdClass}>
              <div className="font-medium text-slate-800">{e.actorName}</div>
              <div className="text-xs text-slate-500">via {e.via}</div>
            </td>
            <td className={tdClass}>
              <Badge tone={actionTone(e.action)}>{e.action}</Badge>
            </td>
            <td className={tdClass}>
              <div className="text-xs tracking-wide text-slate-500 uppercase">{e.resourceType}</div>
              {e.resourceType === "BINDING" && bindingSummary(e) ? (
                <div className="text-xs text-slate-700" title={e.resourceId} data-testid="audit-binding">
                  {bindingSummary(e)}
                </div>
              ) : (
                <div className="font-mono text-xs break-all text-slate-700">{e.resourceId}</div>
              )}
            </td>
            {showNamespace && <td className={`${tdClass} font-mono text-xs text-slate-600`}>{e.namespace ?? "—"}</td>}
            <td className={`${tdClass} w-1/3`}>
              <ChangeDetails resourceType={e.resourceType} before={e.before} after={e.after} masked={e.masked} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
