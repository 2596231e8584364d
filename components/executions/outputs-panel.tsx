"use client";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { StateBadge } from "./state-badge";
import { JsonViewer } from "./outputs-json";
import type { ExecutionActions, State, TaskRunView } from "./execution-types";

// Outputs per task run, each in a JSON viewer, and a box to evaluate an expression against the
// execution (as the engine renders it for a task run), with the reader's own permissions.

export function EvaluateBox({
  tenant,
  namespace,
  executionId,
  runs,
  evaluate,
  taskRunId: fixed,
}: {
  tenant: string;
  namespace: string;
  executionId: string;
  runs: TaskRunView[];
  evaluate: ExecutionActions["evaluate"];
  /** evaluate for this task run only (a task run's details) */
  taskRunId?: string;
}) {
  const id = useId();
  const [taskRunId, setTaskRunId] = useState<string>(fixed ?? "");
  const [expression, setExpression] = useState("");
  const [pending, setPending] = useState(false);
  const [answer, setAnswer] = useState<{ ok: true; text: string } | { ok: false; text: string } | null>(null);
  const submit = async () => {
    setPending(true);
    const r = await evaluate({ tenant, namespace, executionId, taskRunId: taskRunId || null, expression });
    setPending(false);
    if (r.ok) setAnswer({ ok: true, text: r.data.result });
    else setAnswer({ ok: false, text: r.error.details.map((d) => d.message).join("; ") || r.error.message });
  };
  return (
    <form
      aria-label="Evaluate an expression"
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-3"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 className="text-sm font-semibold text-slate-900">Evaluate an expression</h3>
      <p className="text-xs text-slate-600">
        Rendered with the variables a task run sees (<code>outputs</code>, <code>inputs</code>, <code>taskrun</code>, …). <code>secret()</code> is not available here.
      </p>
      {!fixed && (
        <div>
          <label htmlFor={`${id}-run`} className="mb-1 block text-xs font-medium text-slate-700">
            As seen by
          </label>
          <select
            id={`${id}-run`}
            value={taskRunId}
            onChange={(e) => setTaskRunId(e.target.value)}
            className="w-full rounded-md border-0 py-1 pl-2 text-sm ring-1 ring-slate-300 ring-inset sm:w-auto"
          >
            <option value="">The execution (no task run)</option>
            {runs.slice(0, 1000).map((r) => (
              <option key={r.id} value={r.id}>
                {r.taskId}
                {r.value !== null ? ` [${r.value}]` : ""}
              </option>
            ))}
          </select>
        </div>
      )}
      <label htmlFor={`${id}-expr`} className="sr-only">
        Expression
      </label>
      <textarea
        id={`${id}-expr`}
        value={expression}
        onChange={(e) => setExpression(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
            e.preventDefault();
            void submit();
          }
        }}
        rows={2}
        placeholder="{{ outputs.task.value }}"
        className="block w-full rounded-md border-0 px-2 py-1.5 font-mono text-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-500"
      />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending || !expression.trim()} aria-busy={pending}>
          {pending ? "Evaluating…" : "Evaluate"}
        </Button>
        <span className="text-xs text-slate-600">Ctrl+Enter</span>
      </div>
      {answer && (
        <div data-testid="eval-result" role={answer.ok ? "status" : "alert"}>
          <p className={`text-xs font-medium ${answer.ok ? "text-slate-700" : "text-red-700"}`}>{answer.ok ? "Result" : "Error"}</p>
          <pre className={`mt-1 max-h-60 overflow-auto rounded-md p-2 text-xs break-words whitespace-pre-wrap ${answer.ok ? "bg-slate-50 text-slate-900" : "bg-red-50 text-red-800"}`}>
            {answer.text}
          </pre>
        </div>
      )}
    </form>
  );
}

export function OutputsPanel({
  tenant,
  namespace,
  executionId,
  runs,
  flowOutputs,
  evaluate,
}: {
  tenant: string;
  namespace: string;
  executionId: string;
  runs: TaskRunView[];
  flowOutputs: Record<string, unknown> | null;
  evaluate: ExecutionActions["evaluate"];
}) {
  const withOutputs = runs.filter((r) => r.outputs && Object.keys(r.outputs).length > 0);
  const [shown, setShown] = useState(50);
  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,24rem)]">
      <div className="space-y-3">
        {flowOutputs && Object.keys(flowOutputs).length > 0 && (
          <section className="rounded-lg border border-slate-200 bg-white p-3">
            <h3 className="mb-2 text-sm font-semibold text-slate-900">Flow outputs</h3>
            <JsonViewer value={flowOutputs} name="outputs" files={{ tenant, executionId }} />
          </section>
        )}
        {withOutputs.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-8 text-center text-sm text-slate-600">
            No task run has outputs yet. Tasks such as Return or a script&apos;s outputs show here once they end.
          </p>
        ) : (
          withOutputs.slice(0, shown).map((r) => (
            <section key={r.id} className="rounded-lg border border-slate-200 bg-white p-3" data-testid="task-outputs" data-task-id={r.taskId}>
              <h3 className="mb-2 flex flex-wrap items-center gap-2 text-sm font-semibold text-slate-900">
                {r.taskId}
                {r.value !== null && <span className="font-normal text-slate-600">[{r.value}]</span>}
                <StateBadge state={r.state.current as State} />
              </h3>
              <JsonViewer value={r.outputs} name={`outputs.${r.taskId}`} files={{ tenant, executionId }} />
            </section>
          ))
        )}
        {withOutputs.length > shown && (
          <Button variant="secondary" onClick={() => setShown(shown + 50)}>
            Show more ({withOutputs.length - shown} left)
          </Button>
        )}
      </div>
      <div>
        <EvaluateBox tenant={tenant} namespace={namespace} executionId={executionId} runs={runs} evaluate={evaluate} />
      </div>
    </div>
  );
}
