import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { THead, Table, tbodyClass, tdClass } from "@/components/ui/table";
import type { InstalledPlugin } from "@/lib/plugins/registry";
import type { PluginFailure } from "@/lib/plugins/store";

// the last two segments tell the types of a plugin apart (shell.Script, python.Script)
const shortName = (type: string) => type.split(".").slice(-2).join(".");

function Types({ label, types }: { label: string; types: string[] }) {
  if (types.length === 0) return null;
  return (
    <div className="mb-1">
      <span className="text-xs font-medium text-slate-500">{label}: </span>
      <span className="text-xs text-slate-700">
        {types.map((t, i) => (
          <span key={t} title={t} className="font-mono">
            {shortName(t)}
            {i < types.length - 1 ? ", " : ""}
          </span>
        ))}
      </span>
    </div>
  );
}

/** The instance's plugins (SPEC §9): what is installed, from where, and the packages that failed to load. */
export function PluginAdmin({ plugins, failures }: { plugins: InstalledPlugin[]; failures: PluginFailure[] }) {
  return (
    <>
      <PageHeader
        title="Plugins"
        description="The task, trigger and condition types this instance runs beside the core catalogue: the first-party plugins, then the npm packages the setting TENANTFLOW_PLUGINS names (loaded when the server and each worker start). A flow using a type of the orchestrator's plugins that is not installed saves with a warning and cannot run until it is."
      />
      {failures.length > 0 && (
        <section aria-labelledby="plugin-failures" className="mb-6" data-testid="plugin-failures">
          <h2 id="plugin-failures" className="sr-only">
            Packages that failed to load
          </h2>
          <Notice tone="warning" title={`${failures.length} package${failures.length === 1 ? "" : "s"} could not be installed and ${failures.length === 1 ? "was" : "were"} skipped`}>
            <ul className="mt-1 space-y-1">
              {failures.map((f) => (
                <li key={f.source} data-plugin-failure={f.source}>
                  <span className="font-mono font-medium">{f.source}</span>: {f.message}
                </li>
              ))}
            </ul>
          </Notice>
        </section>
      )}
      <Table testId="plugins-table" label="Installed plugins">
        <THead columns={[{ label: "Plugin" }, { label: "Source" }, { label: "Groups" }, { label: "Types" }]} />
        <tbody className={tbodyClass}>
          {plugins.map((p) => (
            <tr key={p.id} data-plugin-row={p.id}>
              <td className={`${tdClass} align-top`}>
                <div className="text-sm font-medium text-slate-900">{p.title}</div>
                <div className="font-mono text-xs text-slate-500">{p.id}</div>
              </td>
              <td className={`${tdClass} align-top`}>
                {p.source === "first-party" ? <Badge tone="green">First-party</Badge> : <span className="break-all font-mono text-xs text-slate-700">{p.source}</span>}
              </td>
              <td className={`${tdClass} align-top`}>
                <ul className="space-y-0.5">
                  {p.groups.map((g) => (
                    <li key={g} className="font-mono text-xs text-slate-700">
                      {g}
                    </li>
                  ))}
                </ul>
              </td>
              <td className={`${tdClass} max-w-md align-top`}>
                <Types label="Tasks" types={p.tasks} />
                <Types label="Triggers" types={p.triggers} />
                <Types label="Conditions" types={p.conditions} />
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
