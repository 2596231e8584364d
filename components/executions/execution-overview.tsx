import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatDateTime, formatDuration } from "@/lib/ui/format";
import { StateBadge } from "./state-badge";
import { JsonViewer } from "./outputs-json";
import { type ExecutionSummary, type State, executionHref } from "./execution-types";

// The execution at a glance: its state and history, times, flow, trigger, labels, the executions
// it comes from or started, its inputs and outputs.

export type LinkedExecution = { id: string; namespace: string; flowId: string; state: string };

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-600">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

function ExecutionLink({ tenant, e, fallback }: { tenant: string; e: LinkedExecution | null; fallback: string }) {
  if (!e) return <span className="font-mono text-xs">{fallback}</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Link href={executionHref(tenant, e)} className="font-mono text-xs text-indigo-700 hover:underline">
        {e.id}
      </Link>
      <span className="text-xs text-slate-600">
        {e.namespace}.{e.flowId}
      </span>
      <StateBadge state={e.state as State} />
    </span>
  );
}

export function ExecutionOverview({
  tenant,
  execution,
  now,
  parent,
  original,
  childExecutions,
  childTotal,
}: {
  tenant: string;
  execution: ExecutionSummary;
  now: number;
  parent: LinkedExecution | null;
  original: LinkedExecution | null;
  childExecutions: LinkedExecution[];
  childTotal: number;
}) {
  const s = execution.state;
  const start = Date.parse(s.startDate);
  const duration = (s.endDate ? Date.parse(s.endDate) : now) - start;
  const flowHref = `/ui/${encodeURIComponent(tenant)}/flows/${encodeURIComponent(execution.namespace)}/${encodeURIComponent(execution.flowId)}`;
  const trigger = execution.trigger;
  return (
    <div className="space-y-4" data-testid="execution-overview">
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-4 md:grid-cols-4">
          <Item label="State">
            <StateBadge state={s.current} />
          </Item>
          <Item label="Started">{formatDateTime(s.startDate)}</Item>
          <Item label="Ended">{formatDateTime(s.endDate, "—")}</Item>
          <Item label="Duration">
            <span data-testid="execution-duration">{formatDuration(duration)}</span>
          </Item>
          <Item label="Flow">
            <Link href={flowHref} className="text-indigo-700 hover:underline">
              {execution.namespace}.{execution.flowId}
            </Link>{" "}
            <span className="text-xs text-slate-600">revision {execution.flowRevision}</span>
          </Item>
          <Item label="Trigger">
            {trigger ? (
              <>
                {trigger.kind}
                {trigger.id ? <span className="text-slate-600"> ({trigger.id})</span> : null}
              </>
            ) : (
              "—"
            )}
          </Item>
          {execution.scheduleDate && <Item label="Scheduled for">{formatDateTime(execution.scheduleDate)}</Item>}
          <Item label="Labels">
            {execution.labels.length ? (
              <span className="flex flex-wrap gap-1">
                {execution.labels.map((l) => (
                  <Badge key={l.key} tone="indigo">
                    {l.key}: {l.value}
                  </Badge>
                ))}
              </span>
            ) : (
              "—"
            )}
          </Item>
          {execution.parentId && (
            <Item label="Parent execution">
              <ExecutionLink tenant={tenant} e={parent} fallback={execution.parentId} />
            </Item>
          )}
          {execution.originalId && execution.originalId !== execution.id && (
            <Item label="Replay of">
              <ExecutionLink tenant={tenant} e={original} fallback={execution.originalId} />
            </Item>
          )}
        </dl>
      </section>

      {childTotal > 0 && (
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="mb-2 text-sm font-semibold text-slate-900">
            Executions it started <span className="font-normal text-slate-600">({childTotal})</span>
          </h2>
          <ul className="space-y-1">
            {childExecutions.map((c) => (
              <li key={c.id}>
                <ExecutionLink tenant={tenant} e={c} fallback={c.id} />
              </li>
            ))}
          </ul>
          {childTotal > childExecutions.length && <p className="mt-2 text-xs text-slate-600">The first {childExecutions.length} are shown.</p>}
        </section>
      )}

      <div className="grid gap-4 lg:grid-cols-3">
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="mb-2 text-sm font-semibold text-slate-900">State history</h2>
          <ol className="space-y-1.5" data-testid="state-history">
            {s.histories.map((h, i) => (
              <li key={i} className="flex flex-wrap items-center gap-2 text-sm">
                <StateBadge state={h.state} />
                <span className="text-slate-700">{formatDateTime(h.date)}</span>
                <span className="text-xs text-slate-600">+{formatDuration(Date.parse(h.date) - start)}</span>
              </li>
            ))}
          </ol>
        </section>
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="mb-2 text-sm font-semibold text-slate-900">Inputs</h2>
          {Object.keys(execution.inputs ?? {}).length ? <JsonViewer value={execution.inputs} name="inputs" files={{ tenant, executionId: execution.id }} /> : <p className="text-sm text-slate-600">No inputs.</p>}
        </section>
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="mb-2 text-sm font-semibold text-slate-900">Outputs</h2>
          {execution.outputs && Object.keys(execution.outputs).length ? (
            <JsonViewer value={execution.outputs} name="outputs" files={{ tenant, executionId: execution.id }} />
          ) : (
            <p className="text-sm text-slate-600">{s.endDate ? "The flow declares no outputs." : "The flow's outputs show here once it ends."}</p>
          )}
        </section>
      </div>
    </div>
  );
}
