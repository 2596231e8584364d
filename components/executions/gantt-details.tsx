"use client";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { formatDateTime, formatDuration } from "@/lib/ui/format";
import { StateBadge } from "./state-badge";
import { JsonViewer } from "./outputs-json";
import { LogsPanel } from "./logs-panel";
import { EvaluateBox } from "./outputs-panel";
import type { LinkedExecution } from "./execution-overview";
import { type ExecutionActions, type LogView, type State, type TaskRunView, executionHref } from "./execution-types";

// One task run, as a click on its Gantt row shows it: attempts (state, worker, times), outputs,
// its logs, and "Replay from here".

export function TaskRunDetails({
  tenant,
  executionId,
  namespace,
  run,
  runs,
  now,
  ended,
  canReplay,
  actions,
  logs,
  childExecutions = [],
  onClose,
  onReplayed,
}: {
  tenant: string;
  executionId: string;
  namespace: string;
  run: TaskRunView;
  runs: TaskRunView[];
  now: number;
  ended: boolean;
  canReplay: boolean;
  actions: ExecutionActions;
  logs: { lines: LogView[]; version: number; streaming: boolean };
  /** the executions this execution started, to link a Subflow's task run to its child */
  childExecutions?: LinkedExecution[];
  onClose: () => void;
  onReplayed: (id: string) => void;
}) {
  const [confirm, setConfirm] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const replayReason = !ended ? "Replay is possible once the execution has ended" : !canReplay ? `Replay needs EXECUTION:CREATE in namespace ${namespace}` : null;
  return (
    <section className="mt-4 space-y-4 rounded-lg border border-indigo-200 bg-white p-4" data-testid="task-run-details" aria-label={`Task run ${run.taskId}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="flex flex-wrap items-center gap-2 text-base font-semibold text-slate-900">
            {run.taskId}
            {run.value !== null && <span className="text-sm font-normal text-slate-600">value {run.value}</span>}
            {run.iteration !== null && <span className="text-sm font-normal text-slate-600">iteration {run.iteration}</span>}
            <StateBadge state={run.state.current as State} />
          </h2>
          <p className="mt-0.5 font-mono text-xs text-slate-600">{run.id}</p>
        </div>
        <div className="flex flex-col items-end gap-1">
          <div className="flex gap-2">
            <Button variant="secondary" disabled={!!replayReason} title={replayReason ?? undefined} onClick={() => setConfirm(true)}>
              Replay from here
            </Button>
            <Button variant="ghost" onClick={onClose}>
              Close
            </Button>
          </div>
          {replayReason && <p className="text-xs text-slate-600">{replayReason}</p>}
        </div>
      </div>
      <ChildExecution tenant={tenant} run={run} childExecutions={childExecutions} />
      <div>
        <h3 className="mb-1 text-sm font-semibold text-slate-900">Attempts</h3>
        {run.attempts.length === 0 ? (
          <p className="text-sm text-slate-600">None: this task run is decided by the executor (a flowable task or a subflow), not run by a worker.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="attempts">
              <thead>
                <tr className="text-left text-xs text-slate-600">
                  <th className="py-1 pr-4 font-medium">#</th>
                  <th className="py-1 pr-4 font-medium">State</th>
                  <th className="py-1 pr-4 font-medium">Worker</th>
                  <th className="hidden py-1 pr-4 font-medium sm:table-cell">Started</th>
                  <th className="py-1 pr-4 font-medium">Duration</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {run.attempts.map((a) => (
                  <tr key={a.number}>
                    <td className="py-1 pr-4">{a.number}</td>
                    <td className="py-1 pr-4">
                      <StateBadge state={a.state.current as State} />
                    </td>
                    <td className="py-1 pr-4 font-mono text-xs break-all">{a.workerId ?? "—"}</td>
                    <td className="hidden py-1 pr-4 sm:table-cell">{formatDateTime(a.state.startDate)}</td>
                    <td className="py-1 pr-4">{formatDuration((a.state.endDate ? Date.parse(a.state.endDate) : now) - Date.parse(a.state.startDate))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <div>
          <h3 className="mb-1 text-sm font-semibold text-slate-900">Outputs</h3>
          {run.outputs && Object.keys(run.outputs).length ? <JsonViewer value={run.outputs} name={`outputs.${run.taskId}`} files={{ tenant, executionId }} /> : <p className="text-sm text-slate-600">No outputs.</p>}
        </div>
        <EvaluateBox tenant={tenant} namespace={namespace} executionId={executionId} runs={runs} evaluate={actions.evaluate} taskRunId={run.id} />
      </div>
      <div>
        <h3 className="mb-1 text-sm font-semibold text-slate-900">Logs</h3>
        <LogsPanel tenant={tenant} executionId={executionId} {...logs} taskRunId={run.id} compact />
      </div>
      <ConfirmDialog
        open={confirm}
        title={`Replay from ${run.taskId}?`}
        confirmLabel="Replay"
        tone="primary"
        pending={pending}
        error={error}
        onCancel={() => setConfirm(false)}
        onConfirm={async () => {
          setPending(true);
          setError(null);
          const r = await actions.replay({ tenant, namespace, executionId, taskRunId: run.id });
          setPending(false);
          if (r.ok) {
            setConfirm(false);
            onReplayed(r.data.id);
          } else setError(r.error.message);
        }}
      >
        A new execution starts from this task run; the task runs before it are copied as they were.
      </ConfirmDialog>
    </section>
  );
}

/** A Subflow's task run: the execution it started, linked, with that execution's state. */
function ChildExecution({ tenant, run, childExecutions }: { tenant: string; run: TaskRunView; childExecutions: LinkedExecution[] }) {
  const id = run.outputs?.executionId;
  if (typeof id !== "string") return null;
  const child = childExecutions.find((c) => c.id === id);
  // the child's state as the list read it; once it ended, as the task run's outputs say
  const state = (typeof run.outputs?.state === "string" ? run.outputs.state : child?.state) as State | undefined;
  return (
    <div data-testid="subflow-execution">
      <h3 className="mb-1 text-sm font-semibold text-slate-900">Subflow execution</h3>
      <p className="flex flex-wrap items-center gap-2 text-sm">
        {child ? (
          <>
            <Link href={executionHref(tenant, child)} className="font-mono text-xs text-indigo-700 hover:underline">
              {id}
            </Link>
            <span className="text-xs text-slate-600">
              {child.namespace}.{child.flowId}
            </span>
          </>
        ) : (
          <span className="font-mono text-xs">{id}</span>
        )}
        {state && <StateBadge state={state} />}
      </p>
    </div>
  );
}
