"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useState } from "react";
import { fetchFlow } from "@/components/flows/api";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/dialog";
import { TextInput } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { ActionError, failureOf, unwrap } from "@/lib/actions/client";
import type { ServerAction } from "@/lib/actions/result";
import { inputConditionsAction } from "@/lib/executions/actions";
import { flowKeys } from "@/lib/query-keys";
import { executionHref } from "./api";
import { type FormInput, type FormValue, checkInputs, conditionValues, flowForm, initialValues, serverMessage, wireValue } from "./flow-inputs";
import { InputFields } from "./input-field";

export type StartAction = ServerAction<FormData, { id: string; namespace: string; flowId: string; state: string }>;

/**
 * The Execute dialog: a form generated from the flow's inputs (one field per type, defaults,
 * required marks, the engine's checks before sending), labels and an optional scheduled start.
 * On success the browser goes to the new execution's page.
 */
export function RunDialog({
  tenant,
  namespace,
  flowId,
  source,
  action,
  onClose,
}: {
  tenant: string;
  namespace: string;
  flowId: string;
  /** the flow's YAML when the page has it; else it is fetched */
  source?: string;
  action: StartAction;
  onClose: () => void;
}) {
  const flow = useQuery({
    queryKey: flowKeys.detail(tenant, namespace, flowId),
    queryFn: ({ signal }) => fetchFlow(tenant, namespace, flowId, signal),
    enabled: source === undefined,
  });
  const text = source ?? flow.data?.source;
  const title = `Execute ${flowId}`;
  if (text === undefined) {
    return (
      <FormDialog title={title} testId="run-dialog" submitLabel="Execute" pendingLabel="Loading…" pending={!flow.isError} error={flow.isError ? flow.error.message : null} onSubmit={() => {}} onClose={onClose}>
        {!flow.isError && <div className="h-24 animate-pulse rounded-md bg-slate-100" aria-label="Loading the flow's inputs" />}
      </FormDialog>
    );
  }
  return <RunForm tenant={tenant} namespace={namespace} flowId={flowId} source={text} action={action} onClose={onClose} />;
}

/** A value once it has stopped changing for `ms` (the typed values the engine is asked about). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Which conditional inputs (`dependsOn`) the engine asks for given the values so far: a field is
 * shown once the engine says its condition holds, and hidden again when it no longer does.
 */
function useShownInputs(tenant: string, namespace: string, flowId: string, inputs: FormInput[], values: Record<string, FormValue>) {
  const any = inputs.some((i) => i.conditional);
  const typed = useSettled(JSON.stringify(any ? conditionValues(inputs, values) : {}), 250);
  const conditions = useQuery({
    queryKey: flowKeys.inputConditions(tenant, namespace, flowId, JSON.parse(typed) as Record<string, string>),
    queryFn: async () => unwrap(await inputConditionsAction({ tenant, namespace, flowId, inputs: JSON.parse(typed) as Record<string, string> })),
    enabled: any,
    placeholderData: keepPreviousData,
  });
  return (input: FormInput) => !input.conditional || conditions.data?.[input.id] === true;
}

function RunForm({ tenant, namespace, flowId, source, action, onClose }: { tenant: string; namespace: string; flowId: string; source: string; action: StartAction; onClose: () => void }) {
  const router = useRouter();
  const { inputs: declared, disabled } = useMemo(() => flowForm(source), [source]);
  const [values, setValues] = useState<Record<string, FormValue>>(() => initialValues(declared));
  const shown = useShownInputs(tenant, namespace, flowId, declared, values);
  const inputs = declared.filter(shown);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [labels, setLabels] = useState<{ key: string; value: string }[]>([]);
  const [schedule, setSchedule] = useState("");
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const scheduleId = useId();

  function set(id: string, value: FormValue) {
    setValues((v) => ({ ...v, [id]: value }));
    setErrors(({ [id]: _gone, ...rest }) => rest);
    // the form's message was about the values as they were: an edit answers it
    setMessage(null);
  }

  async function submit() {
    if (disabled) return;
    const found = checkInputs(inputs, values);
    labels.forEach((l, i) => {
      if ((l.key || l.value) && !l.key.trim()) found[`labels.${i}`] = "A label needs a key";
    });
    setErrors(found);
    if (Object.keys(found).length) return setMessage("Fix the highlighted fields, then execute again.");
    const form = new FormData();
    form.set("tenant", tenant);
    form.set("namespace", namespace);
    form.set("flowId", flowId);
    for (const input of inputs) {
      const sent = wireValue(input, values[input.id]);
      if (sent !== null) form.set(`inputs.${input.id}`, sent);
    }
    for (const l of labels) if (l.key.trim()) form.append("labels", `${l.key.trim()}:${l.value}`);
    if (schedule) form.set("scheduleDate", `${schedule}:00Z`);
    setPending(true);
    setMessage(null);
    try {
      const started = unwrap(await action(form));
      router.push(executionHref(tenant, started));
    } catch (e) {
      setPending(false);
      const failure = failureOf(e);
      const byField: Record<string, string> = {};
      const rest: string[] = [];
      for (const d of e instanceof ActionError ? failure.details : []) {
        const id = d.path?.startsWith("inputs.") ? d.path.slice("inputs.".length) : null;
        if (id && inputs.some((i) => i.id === id)) byField[id] = serverMessage(d.message);
        else rest.push(d.message);
      }
      setErrors(byField);
      setMessage(Object.keys(byField).length ? (rest.join("; ") || "The server refused some inputs: see the fields.") : failure.message);
    }
  }

  return (
    <FormDialog
      title={`Execute ${flowId}`}
      description={<span className="font-mono">{namespace}</span>}
      testId="run-dialog"
      formLabel={`Inputs of ${flowId}`}
      submitLabel="Execute"
      pendingLabel="Starting…"
      pending={pending}
      error={message}
      onSubmit={submit}
      onClose={onClose}
    >
      {disabled && (
        <Notice tone="warning" title="This flow is disabled">
          A disabled flow runs nothing: enable it in its YAML (remove <code>disabled: true</code>) to execute it.
        </Notice>
      )}
      {declared.length === 0 ? (
        <p className="text-sm text-slate-500">This flow has no inputs.</p>
      ) : (
        <InputFields inputs={inputs} values={values} errors={errors} onChange={set} />
      )}
      <details className="rounded-md border border-slate-200 px-3 py-2 text-sm">
        <summary className="cursor-pointer font-medium text-slate-700">Labels and schedule</summary>
        <div className="mt-3 space-y-3">
          <fieldset>
            <legend className="mb-1 text-sm font-medium text-slate-700">Labels</legend>
            <div className="space-y-2">
              {labels.map((l, i) => (
                <div key={i} className="flex gap-2">
                  <TextInput aria-label={`Label ${i + 1} key`} placeholder="key" value={l.key} onChange={(e) => setLabels((ls) => ls.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))} aria-invalid={!!errors[`labels.${i}`]} />
                  <TextInput aria-label={`Label ${i + 1} value`} placeholder="value" value={l.value} onChange={(e) => setLabels((ls) => ls.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} />
                  <Button type="button" variant="ghost" aria-label={`Remove label ${i + 1}`} onClick={() => setLabels((ls) => ls.filter((_, j) => j !== i))}>
                    ×
                  </Button>
                </div>
              ))}
              <Button type="button" variant="secondary" onClick={() => setLabels((ls) => [...ls, { key: "", value: "" }])}>
                Add a label
              </Button>
            </div>
          </fieldset>
          <div>
            <label htmlFor={scheduleId} className="mb-1 block text-sm font-medium text-slate-700">
              Start at <span className="font-normal text-slate-500">(UTC, optional)</span>
            </label>
            <TextInput id={scheduleId} type="datetime-local" value={schedule} onChange={(e) => setSchedule(e.target.value)} />
            <p className="mt-1 text-xs text-slate-500">Empty: the execution starts now.</p>
          </div>
        </div>
      </details>
    </FormDialog>
  );
}
