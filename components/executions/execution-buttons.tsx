"use client";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, FormDialog } from "@/components/ui/dialog";
import type { NoticeMessage } from "@/components/ui/notice";
import type { Can, ExecutionActions, ExecutionSummary } from "./execution-types";
import { isEnded } from "./execution-types";
import { type FormInput, type FormValue, checkInputs, formInputs, initialValues, serverMessage, wireValue } from "./flow-inputs";
import { InputFields } from "./input-field";

// Kill, Restart, Replay, Resume (with its inputs form) and Delete: each offered when the state
// allows it, disabled with the reason when the caller's permissions do not, and confirmed first.

type Kind = "kill" | "restart" | "replay" | "resume" | "delete";
export type ActionOutcome = { notice: NoticeMessage; reopen?: boolean; goTo?: string };

const NEEDS: Record<Kind, keyof Can> = { kill: "update", restart: "create", replay: "create", resume: "update", delete: "delete" };
const ACTION_NAME: Record<keyof Can, string> = { create: "CREATE", update: "UPDATE", delete: "DELETE" };

type ResumeInput = Record<string, unknown>;

/** The resume form's values as the action takes them: typed text, and a file's name and bytes. */
async function resumeValues(inputs: FormInput[], values: Record<string, FormValue>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const input of inputs) {
    const sent = wireValue(input, values[input.id]);
    if (sent instanceof File) out[input.id] = { filename: sent.name, body: new Uint8Array(await sent.arrayBuffer()), contentType: sent.type || undefined };
    else if (sent !== null) out[input.id] = sent;
  }
  return out;
}

export function ExecutionButtons({
  tenant,
  execution,
  can,
  actions,
  resumeInputs,
  onDone,
}: {
  tenant: string;
  execution: ExecutionSummary;
  can: Can;
  actions: ExecutionActions;
  resumeInputs: ResumeInput[];
  onDone: (o: ActionOutcome) => void;
}) {
  const [open, setOpen] = useState<Kind | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fields = useMemo(() => formInputs(resumeInputs), [resumeInputs]);
  const [values, setValues] = useState<Record<string, FormValue>>(() => initialValues(fields));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const state = execution.state.current;
  const ended = isEnded(state);
  const offered: Kind[] = [
    ...(!ended ? (["kill"] as const) : []),
    ...(state === "PAUSED" ? (["resume"] as const) : []),
    ...(state === "FAILED" || state === "KILLED" ? (["restart"] as const) : []),
    ...(ended ? (["replay", "delete"] as const) : []),
  ];
  const reason = (k: Kind) => (can[NEEDS[k]] ? null : `needs EXECUTION:${ACTION_NAME[NEEDS[k]]} in namespace ${execution.namespace}`);
  const refused = offered.filter((k) => reason(k));
  const ref = { tenant, namespace: execution.namespace, executionId: execution.id };

  const run = async () => {
    setPending(true);
    setError(null);
    let outcome: ActionOutcome | null = null;
    if (open === "kill") {
      const r = await actions.kill(ref);
      if (r.ok) outcome = { notice: { tone: "success", text: "Kill requested: the running task runs are being stopped." }, reopen: true };
      else setError(r.error.message);
    } else if (open === "restart") {
      const r = await actions.restart(ref);
      if (r.ok) outcome = { notice: { tone: "success", text: "Restarted from the failed task runs." }, reopen: true };
      else setError(r.error.message);
    } else if (open === "replay") {
      const r = await actions.replay({ ...ref, taskRunId: null });
      if (r.ok) outcome = { notice: { tone: "success", text: `Replayed as execution ${r.data.id}.` }, goTo: r.data.id };
      else setError(r.error.message);
    } else if (open === "resume") {
      // a conditional input is the engine's to check: its condition may leave it out
      const found = checkInputs(fields.filter((f) => !f.conditional), values);
      setFieldErrors(found);
      if (Object.keys(found).length) {
        setPending(false);
        return setError("Fix the highlighted fields, then resume again.");
      }
      const r = await actions.resume({ ...ref, inputs: await resumeValues(fields, values) });
      if (r.ok) outcome = { notice: { tone: "success", text: "Resumed." }, reopen: true };
      else {
        const byField: Record<string, string> = {};
        const rest: string[] = [];
        for (const d of r.error.details) {
          const id = d.path?.startsWith("inputs.") ? d.path.slice("inputs.".length) : null;
          if (id && fields.some((f) => f.id === id)) byField[id] = serverMessage(d.message);
          else rest.push(`${d.path ? `${d.path}: ` : ""}${d.message}`);
        }
        setFieldErrors(byField);
        setError(rest.length ? rest.join("; ") : Object.keys(byField).length ? "The server refused some inputs: see the fields." : r.error.message);
      }
    } else if (open === "delete") {
      const r = await actions.remove(ref);
      if (r.ok) outcome = { notice: { tone: "success", text: `Execution ${execution.id} deleted.` }, goTo: "" };
      else setError(r.error.message);
    }
    setPending(false);
    if (outcome) {
      setOpen(null);
      onDone(outcome);
    }
  };

  const label: Record<Kind, string> = { kill: "Kill", restart: "Restart", replay: "Replay", resume: "Resume", delete: "Delete" };
  const close = () => {
    setOpen(null);
    setError(null);
    setFieldErrors({});
  };
  if (offered.length === 0) return null;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap justify-end gap-2">
        {offered.map((k) => (
          <Button
            key={k}
            variant={k === "kill" || k === "delete" ? "danger" : k === "resume" ? "primary" : "secondary"}
            disabled={!!reason(k)}
            title={reason(k) ? `${label[k]} ${reason(k)}` : undefined}
            onClick={() => {
              setError(null);
              setOpen(k);
            }}
          >
            {label[k]}
          </Button>
        ))}
      </div>
      {refused.length > 0 && (
        <p className="text-xs text-slate-600" data-testid="action-reasons">
          {refused.map((k) => `${label[k]} ${reason(k)}`).join(" · ")}
        </p>
      )}
      {open === "resume" ? (
        <FormDialog
          title="Resume this execution?"
          description={resumeInputs.length ? "The paused task asks for these inputs." : "The paused task goes on."}
          submitLabel="Resume"
          pendingLabel="Resuming…"
          pending={pending}
          error={error}
          onSubmit={() => void run()}
          onClose={close}
          testId="resume-dialog"
        >
          {fields.length > 0 && (
            <InputFields
              inputs={fields}
              values={values}
              errors={fieldErrors}
              onChange={(id, v) => {
                setValues((vs) => ({ ...vs, [id]: v }));
                setFieldErrors(({ [id]: _gone, ...rest }) => rest);
                setError(null);
              }}
            />
          )}
        </FormDialog>
      ) : open ? (
        <ConfirmDialog
          title={`${label[open]} execution ${execution.id}?`}
          confirmLabel={label[open]}
          pendingLabel="Working…"
          pending={pending}
          tone={open === "kill" || open === "delete" ? "danger" : "primary"}
          error={error}
          onConfirm={() => void run()}
          onCancel={close}
        >
          {open === "kill" && "Its running task runs are stopped and it ends KILLED."}
          {open === "restart" && "Its failed task runs run again, with new attempts, in this same execution."}
          {open === "replay" && "A new execution of the same flow revision and inputs starts from the beginning."}
          {open === "delete" && "The execution, its task runs and its logs are deleted. This cannot be undone."}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
