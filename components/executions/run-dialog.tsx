"use client";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { fetchFlow } from "@/components/flows/api";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/dialog";
import { TextArea, TextInput } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Switch } from "@/components/ui/switch";
import { ActionError, failureOf, unwrap } from "@/lib/actions/client";
import type { ServerAction } from "@/lib/actions/result";
import { flowKeys } from "@/lib/query-keys";
import { executionHref } from "./api";
import { type FormInput, type FormValue, checkInput, flowForm, serverMessage, wireValue } from "./flow-inputs";

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

function RunForm({ tenant, namespace, flowId, source, action, onClose }: { tenant: string; namespace: string; flowId: string; source: string; action: StartAction; onClose: () => void }) {
  const router = useRouter();
  const { inputs, disabled } = useMemo(() => flowForm(source), [source]);
  const [values, setValues] = useState<Record<string, FormValue>>(() => Object.fromEntries(inputs.map((i) => [i.id, i.initial])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [labels, setLabels] = useState<{ key: string; value: string }[]>([]);
  const [schedule, setSchedule] = useState("");
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const scheduleId = useId();

  function set(id: string, value: FormValue) {
    setValues((v) => ({ ...v, [id]: value }));
    setErrors(({ [id]: _gone, ...rest }) => rest);
  }

  async function submit() {
    if (disabled) return;
    const found: Record<string, string> = {};
    for (const input of inputs) {
      const problem = checkInput(input, values[input.id]);
      if (problem) found[input.id] = problem;
    }
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
      {inputs.length === 0 ? (
        <p className="text-sm text-slate-500">This flow has no inputs.</p>
      ) : (
        <div className="max-h-[55vh] space-y-4 overflow-y-auto pr-1">
          {inputs.map((input) => (
            <InputField key={input.id} input={input} value={values[input.id]} error={errors[input.id]} onChange={(v) => set(input.id, v)} />
          ))}
        </div>
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

const TYPE_HINT: Record<string, string> = {
  DURATION: "An ISO-8601 duration, e.g. PT5M or P1D",
  JSON: "JSON",
  YAML: "YAML",
  ARRAY: "One item per line (or a JSON array)",
  DATETIME: "UTC",
  URI: "A URI with its scheme, e.g. https://example.com",
};

/** One input's field, by its type, with its label, required mark, description and error. */
function InputField({ input, value, error, onChange }: { input: FormInput; value: FormValue; error?: string; onChange: (v: FormValue) => void }) {
  const id = `input-${useId()}`;
  const described = [error ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(" ");
  const common = { id, "aria-invalid": !!error, "aria-describedby": described, "aria-required": input.required || undefined, "data-input": input.id };
  const text = typeof value === "string" ? value : "";
  const hint = [input.description, TYPE_HINT[input.type], input.expressionDefault ? `Default: ${input.expressionDefault}` : null].filter(Boolean).join(" · ");
  let control: React.ReactNode;
  switch (input.type) {
    case "BOOLEAN":
      control = (
        <div className="flex items-center gap-2">
          <Switch checked={value === true} label={input.label} onChange={(v) => onChange(v)} />
          <span className="text-sm text-slate-600">{value === true ? "true" : "false"}</span>
        </div>
      );
      break;
    case "INT":
    case "FLOAT":
      control = <TextInput {...common} type="number" step={input.type === "FLOAT" ? "any" : "1"} inputMode={input.type === "FLOAT" ? "decimal" : "numeric"} value={text} onChange={(e) => onChange(e.target.value)} />;
      break;
    case "DATETIME":
      control = <TextInput {...common} type="datetime-local" value={text} onChange={(e) => onChange(e.target.value)} />;
      break;
    case "DATE":
      control = <TextInput {...common} type="date" value={text} onChange={(e) => onChange(e.target.value)} />;
      break;
    case "TIME":
      control = <TextInput {...common} type="time" step="1" value={text} onChange={(e) => onChange(e.target.value)} />;
      break;
    case "JSON":
    case "YAML":
    case "ARRAY":
      control = <TextArea {...common} rows={4} spellCheck={false} className="font-mono text-xs" value={text} onChange={(e) => onChange(e.target.value)} />;
      break;
    case "SECRET":
      control = <TextInput {...common} type="password" autoComplete="off" value={text} onChange={(e) => onChange(e.target.value)} />;
      break;
    case "FILE":
      control = (
        <input
          {...common}
          type="file"
          onChange={(e) => onChange(e.target.files?.[0] ?? null)}
          className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-slate-200"
        />
      );
      break;
    case "SELECT":
      control = input.choices ? (
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)} className="block w-full rounded-md border-0 bg-white px-2.5 py-1.5 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600 aria-[invalid=true]:ring-red-500">
          <option value="">{input.required ? "Choose…" : "None"}</option>
          {input.choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <TextInput {...common} value={text} onChange={(e) => onChange(e.target.value)} />
      );
      break;
    case "MULTISELECT": {
      const chosen = Array.isArray(value) ? value : [];
      control = input.choices ? (
        <div role="group" aria-labelledby={`${id}-label`} aria-describedby={described} className="flex flex-wrap gap-x-4 gap-y-1.5 rounded-md px-1 py-1" data-input={input.id}>
          {input.choices.map((c) => (
            <label key={c} className="flex items-center gap-1.5 text-sm text-slate-700">
              <input type="checkbox" checked={chosen.includes(c)} onChange={(e) => onChange(e.target.checked ? [...chosen, c] : chosen.filter((x) => x !== c))} className="h-4 w-4 rounded border-slate-300" />
              {c}
            </label>
          ))}
        </div>
      ) : (
        <TextArea {...common} rows={3} value={chosen.join("\n")} onChange={(e) => onChange(e.target.value.split("\n"))} />
      );
      break;
    }
    default:
      control = <TextInput {...common} type={input.type === "EMAIL" ? "email" : input.type === "URI" ? "url" : "text"} value={text} onChange={(e) => onChange(e.target.value)} />;
  }
  const labelled = input.type === "BOOLEAN" || input.type === "MULTISELECT";
  return (
    <div data-testid={`field-${input.id}`}>
      {labelled ? (
        <p id={`${id}-label`} className="mb-1 block text-sm font-medium text-slate-700">
          {input.label}
          {input.required && <Required />}
          <TypeTag type={input.type} />
        </p>
      ) : (
        <label id={`${id}-label`} htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
          {input.label}
          {input.required && <Required />}
          <TypeTag type={input.type} />
        </label>
      )}
      {control}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-600" data-testid="field-error">
          {error}
        </p>
      )}
      <p id={`${id}-hint`} className={hint ? "mt-1 text-xs text-slate-500" : "sr-only"}>
        {hint || input.type}
      </p>
    </div>
  );
}

const Required = () => (
  <span className="ml-0.5 text-red-600" title="Required">
    *<span className="sr-only"> (required)</span>
  </span>
);
const TypeTag = ({ type }: { type: string }) => <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[10px] font-normal text-slate-700">{type}</span>;
