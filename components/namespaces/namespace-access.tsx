import { covers } from "@/lib/authz/namespaces";
import { When } from "@/components/flows/when";

type Binding = { id: string; role: string; user: string | null; group: string | null; namespace: string | null; createdAt: string };

/** The bindings that reach a namespace: tenant-wide, on it, or inherited from an ancestor. */
export function NamespaceAccess({ namespace, bindings }: { namespace: string; bindings: Binding[] }) {
  if (bindings.length === 0) {
    return <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-8 text-center text-sm text-slate-500">No binding reaches this namespace.</p>;
  }
  return (
    // focusable, so that a keyboard can scroll the table on a narrow screen
    <div tabIndex={0} className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="namespace-access">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2.5">Who</th>
            <th scope="col" className="px-4 py-2.5">Role</th>
            <th scope="col" className="px-4 py-2.5">Scope</th>
            <th scope="col" className="px-4 py-2.5">Since</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {bindings.map((b) => (
            <tr key={b.id}>
              <td className="px-4 py-2.5">
                {b.user ? (
                  <span className="text-slate-900">{b.user}</span>
                ) : (
                  <span className="text-slate-900">
                    <span className="mr-1.5 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">group</span>
                    {b.group}
                  </span>
                )}
              </td>
              <td className="px-4 py-2.5">
                <span className="rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-700">{b.role}</span>
              </td>
              <td className="px-4 py-2.5 text-slate-600">
                {b.namespace === null ? (
                  "Whole tenant"
                ) : b.namespace === namespace ? (
                  "This namespace and below"
                ) : covers(b.namespace, namespace) ? (
                  <>
                    Inherited from <span className="font-mono text-slate-800">{b.namespace}</span>
                  </>
                ) : (
                  <span className="font-mono">{b.namespace}</span>
                )}
              </td>
              <td className="px-4 py-2.5 text-slate-500">
                <When date={b.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
