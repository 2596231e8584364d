"use client";
import { ACTIONS, type Action, type Grants, NAMESPACED_PERMISSIONS, PERMISSIONS, type Permission } from "@/lib/authz/permissions";

const actionLabel: Record<Action, string> = { CREATE: "Create", READ: "Read", UPDATE: "Update", DELETE: "Delete" };

/** Permission × action checkboxes; each is named `PERMISSION:ACTION` for assistive technology. */
export function PermissionMatrix({
  value,
  onChange,
  disabled = false,
  describedBy,
}: {
  value: Grants;
  onChange?: (next: Grants) => void;
  disabled?: boolean;
  describedBy?: string;
}) {
  const has = (p: Permission, a: Action) => value[p]?.includes(a) ?? false;
  function toggle(p: Permission, a: Action) {
    const current = value[p] ?? [];
    const actions = ACTIONS.filter((x) => (x === a ? !current.includes(a) : current.includes(x)));
    const next: Grants = { ...value };
    if (actions.length) next[p] = actions;
    else delete next[p];
    onChange?.(next);
  }
  return (
    // focusable, so that a keyboard can scroll the matrix on a narrow screen
    <div tabIndex={0} className="relative overflow-x-auto rounded-lg border border-slate-200 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
      <table className="min-w-full text-sm" data-testid="permission-matrix" aria-describedby={describedBy}>
        <thead className="bg-slate-50 text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2 text-left">
              Permission
            </th>
            {ACTIONS.map((a) => (
              <th key={a} scope="col" className="w-20 px-2 py-2 text-center">
                {actionLabel[a]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {PERMISSIONS.map((p) => (
            <tr key={p} className="hover:bg-slate-50/60">
              <th scope="row" className="px-3 py-1.5 text-left font-mono text-xs font-medium text-slate-700">
                {p}
                {NAMESPACED_PERMISSIONS.includes(p) && (
                  <span className="ml-1 text-indigo-500" title="Also granted by bindings on a namespace" aria-hidden="true">
                    •
                  </span>
                )}
              </th>
              {ACTIONS.map((a) => (
                <td key={a} className="px-2 py-1.5 text-center">
                  <input
                    type="checkbox"
                    aria-label={`${p}:${a}`}
                    checked={has(p, a)}
                    disabled={disabled}
                    onChange={() => toggle(p, a)}
                    className="h-4 w-4 rounded border-slate-300 accent-indigo-600 disabled:cursor-not-allowed disabled:opacity-60"
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="border-t border-slate-100 bg-slate-50 px-3 py-1.5 text-xs text-slate-500">
        <span className="text-indigo-500" aria-hidden="true">
          •
        </span>{" "}
        also granted by bindings on a namespace (and its descendants); the others only by tenant-wide bindings.
      </p>
    </div>
  );
}
