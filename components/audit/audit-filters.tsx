import { buttonClass } from "@/components/ui/button";

import { INSTANCE_AUDIT_ACTIONS, INSTANCE_AUDIT_TYPES, TENANT_AUDIT_ACTIONS, TENANT_AUDIT_TYPES } from "@/lib/audit/kinds";

const input = "block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600";

/**
 * A plain GET form: the filters live in the URL, so a filtered view can be shared. `log`: the
 * tenant's log (with namespaces) or the instance's.
 */
export function AuditFilters({
  values,
  exportHref,
  log = "tenant",
}: {
  values: Record<string, string | undefined>;
  exportHref?: string;
  log?: "tenant" | "instance";
}) {
  const ACTIONS = log === "tenant" ? TENANT_AUDIT_ACTIONS : INSTANCE_AUDIT_ACTIONS;
  const TYPES = log === "tenant" ? TENANT_AUDIT_TYPES : INSTANCE_AUDIT_TYPES;
  return (
    <form method="get" className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-4 lg:grid-cols-7" aria-label="Filter the audit log">
      <label className="text-xs font-medium text-slate-600">
        Actor
        <input name="actor" defaultValue={values.actor} placeholder="part of a username" className={input} />
      </label>
      <label className="text-xs font-medium text-slate-600">
        Action
        <select name="action" defaultValue={values.action ?? ""} className={input}>
          <option value="">Any</option>
          {ACTIONS.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium text-slate-600">
        Resource type
        <select name="resourceType" defaultValue={values.resourceType ?? ""} className={input}>
          <option value="">Any</option>
          {TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      {log === "tenant" && (
        <label className="text-xs font-medium text-slate-600">
          Namespace
          <input name="namespace" defaultValue={values.namespace} placeholder="company.team" className={`${input} font-mono`} />
        </label>
      )}
      <label className="text-xs font-medium text-slate-600">
        From
        <input type="datetime-local" name="from" defaultValue={values.from} className={input} />
      </label>
      <label className="text-xs font-medium text-slate-600">
        To
        <input type="datetime-local" name="to" defaultValue={values.to} className={input} />
      </label>
      <div className="flex items-end gap-2">
        <button type="submit" className={buttonClass("primary")}>
          Filter
        </button>
        {exportHref && (
          <a href={exportHref} className={buttonClass("secondary")} download>
            CSV
          </a>
        )}
      </div>
    </form>
  );
}
