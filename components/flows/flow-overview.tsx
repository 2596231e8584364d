import { type FlowOutline, type TaskNode, countTasks, shortType } from "@/lib/flows/outline";
import { LabelChip } from "./labels";

function Card({ title, count, children }: { title: string; count?: number; children: React.ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white">
      <h2 className="flex items-center gap-2 border-b border-slate-100 px-4 py-2.5 text-sm font-semibold text-slate-900">
        {title}
        {count !== undefined && <span className="rounded-full bg-slate-100 px-1.5 text-xs font-medium text-slate-600">{count}</span>}
      </h2>
      <div className="px-4 py-3">{children}</div>
    </section>
  );
}

const None = ({ children }: { children: React.ReactNode }) => <p className="text-sm text-slate-500">{children}</p>;

function TaskTree({ tasks, depth = 0 }: { tasks: TaskNode[]; depth?: number }) {
  return (
    <ul className={depth ? "ml-3 border-l border-slate-200 pl-4" : ""}>
      {tasks.map((t, i) => (
        <li key={`${t.id}-${i}`} className="py-1">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-mono font-medium text-slate-900">{t.id}</span>
            <span className="rounded bg-indigo-50 px-1.5 py-0.5 font-mono text-[11px] text-indigo-700" title={t.type}>
              {shortType(t.type)}
            </span>
            {t.dependsOn.length > 0 && <span className="text-xs text-slate-500">after {t.dependsOn.join(", ")}</span>}
            {t.disabled && <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-500">disabled</span>}
          </div>
          {t.branches.map((b) => (
            <div key={b.label} className="ml-3 mt-1">
              <p className="text-[11px] font-semibold uppercase tracking-wide text-slate-500">{b.label}</p>
              <TaskTree tasks={b.tasks} depth={depth + 1} />
            </div>
          ))}
        </li>
      ))}
    </ul>
  );
}

/** What a flow does at a glance: description, labels, inputs, the task tree, triggers. */
export function FlowOverview({ outline }: { outline: FlowOutline }) {
  return (
    <div className="grid gap-4 lg:grid-cols-3" data-testid="flow-overview">
      <div className="space-y-4 lg:col-span-2">
        <Card title="Tasks" count={countTasks(outline.tasks)}>
          {outline.tasks.length ? <TaskTree tasks={outline.tasks} /> : <None>No tasks.</None>}
          {outline.blocks.map((b) => (
            <div key={b.label} className="mt-3 border-t border-slate-100 pt-3">
              <p className="mb-1 text-[11px] font-semibold uppercase tracking-wide text-slate-500">{b.label}</p>
              <TaskTree tasks={b.tasks} />
            </div>
          ))}
        </Card>
        <Card title="Inputs" count={outline.inputs.length}>
          {outline.inputs.length ? (
            <table className="min-w-full text-sm">
              <thead className="text-left text-xs text-slate-500">
                <tr>
                  <th className="pb-1 pr-4 font-medium">Id</th>
                  <th className="pb-1 pr-4 font-medium">Type</th>
                  <th className="pb-1 pr-4 font-medium">Required</th>
                  <th className="pb-1 font-medium">Default</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {outline.inputs.map((i) => (
                  <tr key={i.id}>
                    <td className="py-1.5 pr-4 font-mono text-slate-900" title={i.description ?? undefined}>
                      {i.id}
                    </td>
                    <td className="py-1.5 pr-4">
                      <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{i.type}</span>
                    </td>
                    <td className="py-1.5 pr-4 text-slate-600">{i.required ? "yes" : "no"}</td>
                    <td className="py-1.5 font-mono text-xs text-slate-600">{i.defaults ?? <span className="text-slate-300">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <None>This flow takes no inputs.</None>
          )}
        </Card>
      </div>
      <div className="space-y-4">
        <Card title="Description">
          {outline.description ? (
            <p className="whitespace-pre-line text-sm text-slate-700">{outline.description}</p>
          ) : (
            <None>No description.</None>
          )}
        </Card>
        <Card title="Labels" count={outline.labels.length}>
          {outline.labels.length ? (
            <div className="flex flex-wrap gap-1.5">
              {outline.labels.map((l) => (
                <LabelChip key={l.key} name={l.key} value={l.value} />
              ))}
            </div>
          ) : (
            <None>No labels.</None>
          )}
        </Card>
        <Card title="Triggers" count={outline.triggers.length}>
          {outline.triggers.length ? (
            <ul className="space-y-2 text-sm">
              {outline.triggers.map((t) => (
                <li key={t.id}>
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-mono font-medium text-slate-900">{t.id}</span>
                    <span className="rounded bg-indigo-50 px-1.5 py-0.5 font-mono text-[11px] text-indigo-700" title={t.type}>
                      {shortType(t.type)}
                    </span>
                    {t.disabled && <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-500">disabled</span>}
                  </div>
                  {t.detail && <p className="mt-0.5 font-mono text-xs text-slate-500">{t.detail}</p>}
                </li>
              ))}
            </ul>
          ) : (
            <None>No triggers.</None>
          )}
        </Card>
      </div>
    </div>
  );
}
