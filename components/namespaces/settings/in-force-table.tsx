import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, THead, tbodyClass, tdClass } from "@/components/ui/table";

export type InForceRow = { id: string; name: React.ReactNode; value: unknown; namespace: string; forced?: boolean; overrides: string[] };

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** What is in force in a namespace, each row marked as defined here or inherited (and from where). */
export function InForceTable({
  tenant,
  namespace,
  rows,
  label,
  nameLabel,
  empty,
}: {
  tenant: string;
  namespace: string;
  rows: InForceRow[];
  label: string;
  nameLabel: string;
  empty: string;
}) {
  if (rows.length === 0) return <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">{empty}</p>;
  return (
    <Table label={label} testId={label.toLowerCase().replace(/\s+/g, "-")}>
      <THead columns={[{ label: nameLabel }, { label: "Value" }, { label: "Defined in" }]} />
      <tbody className={tbodyClass}>
        {rows.map((r) => (
          <tr key={r.id}>
            <td className={`${tdClass} font-mono text-xs text-slate-800`}>{r.name}</td>
            <td className={`${tdClass} max-w-xs truncate font-mono text-xs text-slate-700`} title={show(r.value)}>
              {show(r.value)}
            </td>
            <td className={tdClass}>
              <div className="flex flex-wrap items-center gap-1.5">
                {r.namespace === namespace ? (
                  <Badge tone="indigo">here</Badge>
                ) : (
                  <>
                    <Badge>inherited</Badge>
                    <Link href={`/ui/${tenant}/namespaces/${encodeURIComponent(r.namespace)}`} className="font-mono text-xs text-slate-600 hover:text-indigo-600">
                      {r.namespace}
                    </Link>
                  </>
                )}
                {r.forced && <Badge tone="amber">forced</Badge>}
                {r.overrides.length > 0 && (
                  <span className="text-xs text-slate-500" title={`also set in ${r.overrides.join(", ")}`}>
                    overrides {r.overrides.join(", ")}
                  </span>
                )}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
