import { Badge } from "@/components/ui/badge";
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

const actionTone = (a: string) => (a === "DELETE" ? "red" : a === "CREATE" ? "green" : a === "UPDATE" ? "indigo" : "slate");

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <p className="text-xs italic text-slate-400">nothing</p>;
  return (
    <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-all rounded-md bg-slate-50 p-2 font-mono text-xs text-slate-700">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
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
              <div className="text-xs text-slate-400">via {e.via}</div>
            </td>
            <td className={tdClass}>
              <Badge tone={actionTone(e.action)}>{e.action}</Badge>
            </td>
            <td className={tdClass}>
              <div className="text-xs uppercase tracking-wide text-slate-400">{e.resourceType}</div>
              <div className="font-mono text-xs text-slate-700">{e.resourceId}</div>
            </td>
            {showNamespace && <td className={`${tdClass} font-mono text-xs text-slate-600`}>{e.namespace ?? "—"}</td>}
            <td className={`${tdClass} w-1/3`}>
              <details>
                <summary className="cursor-pointer select-none text-xs font-medium text-indigo-600 hover:text-indigo-500">Show change</summary>
                {e.masked && (
                  <p className="mt-2 text-xs italic text-slate-500" data-testid="audit-masked">
                    Hidden: {e.masked}
                  </p>
                )}
                <div className="mt-2 grid grid-cols-2 gap-2" data-testid="audit-diff">
                  <div>
                    <p className="mb-1 text-xs font-semibold text-slate-500">Before</p>
                    <Json value={e.before} />
                  </div>
                  <div>
                    <p className="mb-1 text-xs font-semibold text-slate-500">After</p>
                    <Json value={e.after} />
                  </div>
                </div>
              </details>
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
