"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Select } from "@/components/rbac/select";
import { useAction } from "@/lib/actions/use-action";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/dialog";
import { Field, TextInput } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import { fieldError, splitErrors } from "@/lib/actions/client";
import type { ActionResult } from "@/lib/actions/result";
import type { KvEntryView } from "@/lib/kv/types";
import { KV_TYPES, KV_TYPE_LABELS, type KvType, kvKey, previewOf, textForType, textToValue, ttlProblem, valueToText } from "@/lib/kv/values";
import { kvKeys } from "@/lib/query-keys";
import { formatDateTime } from "@/lib/ui/format";
import { fetchKvEntry } from "./queries";
import { VALUE_HINTS, ValueInput } from "./value-input";

type Target = { tenant: string; namespace: string; key: string };
type Entry = { type: string; value: unknown; ttl?: string | null };
export type KvActions = {
  create: (input: Target & Entry) => Promise<ActionResult<KvEntryView>>;
  update: (input: Target & Entry & { version: number; keepExpiry?: boolean }) => Promise<ActionResult<KvEntryView>>;
  remove: (input: Target & { version?: number }) => Promise<ActionResult<unknown>>;
};

const FIELDS = ["key", "type", "value", "ttl"] as const;
type FieldName = (typeof FIELDS)[number];

/**
 * Creates an entry, or edits one (`entry`, loaded whole). An edit names the version it started
 * from: when someone else saved meanwhile, the user sees theirs and chooses, keeping their own text.
 */
export function KvDialog({
  tenant,
  namespace,
  entry,
  preset,
  actions,
  onClose,
  onSaved,
}: {
  tenant: string;
  namespace: string;
  entry?: KvEntryView;
  preset?: { key: string; type: KvType; from: string };
  actions: KvActions;
  onClose: () => void;
  onSaved: (entry: KvEntryView, created: boolean) => void;
}) {
  const id = useId();
  const qc = useQueryClient();
  const [key, setKey] = useState(entry?.key ?? preset?.key ?? "");
  const [type, setType] = useState<KvType>(entry?.type ?? preset?.type ?? "STRING");
  const [text, setText] = useState(entry ? valueToText(entry.type, entry.value) : preset?.type === "BOOLEAN" ? "false" : "");
  const [ttl, setTtl] = useState("");
  const [keepExpiry, setKeepExpiry] = useState(!!entry?.expiresAt);
  const [base, setBase] = useState(entry?.version ?? 0);
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [conflict, setConflict] = useState<KvEntryView | "deleted" | null>(null);

  const save = useAction(entry ? actions.update : actions.create, {
    invalidate: [kvKeys.all(tenant, namespace)],
    onSuccess: (saved) => onSaved(saved, !entry),
    onError: async (e) => {
      if (e.status !== 412 || !entry) return;
      // show what the other save left, so that the user decides with both in view
      try {
        setConflict(await qc.fetchQuery({ queryKey: kvKeys.detail(tenant, namespace, entry.key), queryFn: () => fetchKvEntry(tenant, namespace, entry.key), staleTime: 0 }));
      } catch {
        setConflict("deleted");
      }
    },
  });
  const server = splitErrors(save.error, FIELDS);
  const parsed = textToValue(type, text);

  const clientErrors: Partial<Record<FieldName, string | null>> = {
    key: entry ? null : fieldError(kvKey, key),
    value: parsed.ok ? null : parsed.message,
    ttl: ttl.trim() && !(entry && keepExpiry) ? ttlProblem(ttl.trim()) : null,
  };
  const shown = (f: FieldName) =>
    ((touched[f] || submitted) && clientErrors[f]) || server.fields[f] || (f === "value" && save.error?.status === 413 ? save.error.message : undefined) ||
    (f === "key" && save.error?.status === 409 ? save.error.message : undefined) || undefined;
  const touch = (f: FieldName) => setTouched((t) => ({ ...t, [f]: true }));
  const edit = (f: FieldName) => {
    touch(f);
    if (save.error) save.reset();
  };

  function submit(version = base) {
    setSubmitted(true);
    const bad = FIELDS.find((f) => clientErrors[f]);
    if (bad) return document.getElementById(`${id}-${bad}`)?.focus();
    if (!parsed.ok) return;
    setConflict(null);
    const body = { tenant, namespace, key, type, value: parsed.value, ttl: ttl.trim() || null };
    if (entry) (save.run as (i: unknown) => void)({ ...body, version, keepExpiry: keepExpiry && !!entry.expiresAt });
    else (save.run as (i: unknown) => void)(body);
  }

  // what no field shows: a refusal of the whole save (403, a lost connection) or details of no field
  const generalError =
    !save.error || [409, 412, 413].includes(save.error.status)
      ? null
      : Object.keys(server.fields).length
        ? server.rest.join("; ") || null
        : save.error.message;

  return (
    <FormDialog
      title={entry ? `Edit ${entry.key}` : preset ? `Override ${preset.key}` : "New KV entry"}
      description={
        entry
          ? `Version ${base} in ${namespace}.`
          : preset
            ? `Defines ${preset.key} in ${namespace}, so that it no longer reads the value inherited from ${preset.from}.`
            : `A typed value that the flows of ${namespace} and of its descendants can read.`
      }
      testId="kv-dialog"
      submitLabel={entry ? "Save changes" : "Create entry"}
      pendingLabel="Saving…"
      pending={save.pending}
      error={generalError}
      onSubmit={() => submit()}
      onClose={onClose}
    >
      {conflict && (
        <div role="alert" data-testid="kv-conflict" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {conflict === "deleted" ? (
            <p>Someone else deleted this entry while you were editing it. Cancel, or create it again from the table.</p>
          ) : (
            <>
              <p>
                Someone else saved this entry while you were editing it (now version {conflict.version}, {KV_TYPE_LABELS[conflict.type].toLowerCase()}:{" "}
                <code className="font-mono text-xs">{previewOf(conflict.type, conflict.value, 80)}</code>). Your value is still below.
              </p>
              <div className="mt-2 flex flex-wrap gap-2">
                <Button type="button" onClick={() => (setBase(conflict.version), submit(conflict.version))}>
                  Overwrite with mine
                </Button>
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => {
                    setType(conflict.type);
                    setText(valueToText(conflict.type, conflict.value));
                    setBase(conflict.version);
                    setKeepExpiry(!!conflict.expiresAt);
                    setConflict(null);
                    save.reset();
                  }}
                >
                  Take theirs
                </Button>
              </div>
            </>
          )}
        </div>
      )}
      {!entry && (
        <Field label="Key" htmlFor={`${id}-key`} error={shown("key")} hint="Letters, digits, ., _ and -; up to 255 characters.">
          <TextInput
            id={`${id}-key`}
            value={key}
            className="font-mono"
            autoComplete="off"
            spellCheck={false}
            data-autofocus={preset ? undefined : true}
            readOnly={!!preset}
            aria-invalid={!!shown("key")}
            aria-describedby={shown("key") ? `${id}-key-error` : undefined}
            onChange={(e) => (setKey(e.target.value), edit("key"))}
            onBlur={() => touch("key")}
          />
        </Field>
      )}
      <Field label="Type" htmlFor={`${id}-type`} error={shown("type")}>
        <Select
          id={`${id}-type`}
          value={type}
          data-autofocus={entry || preset ? true : undefined}
          onChange={(e) => {
            const next = e.target.value as KvType;
            setText(textForType(next, text));
            setType(next);
            edit("type");
          }}
        >
          {KV_TYPES.map((t) => (
            <option key={t} value={t}>
              {KV_TYPE_LABELS[t]} ({t})
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Value" htmlFor={`${id}-value`} error={shown("value")} hint={VALUE_HINTS[type]}>
        <ValueInput
          id={`${id}-value`}
          type={type}
          text={text}
          invalid={!!shown("value")}
          onChange={(t) => (setText(t), edit("value"))}
          onBlur={() => touch("value")}
        />
      </Field>
      {entry?.expiresAt && (
        <div className="flex items-center gap-3 text-sm text-slate-700">
          <Switch checked={keepExpiry} label="Keep the current expiry" onChange={setKeepExpiry} />
          <span>Keep the current expiry ({formatDateTime(entry.expiresAt)})</span>
        </div>
      )}
      {!(entry?.expiresAt && keepExpiry) && (
        <Field
          label="Time to live"
          htmlFor={`${id}-ttl`}
          error={shown("ttl")}
          hint="Optional ISO-8601 duration, e.g. PT1H or P7D; the entry is gone after it. Empty: never expires."
        >
          <TextInput
            id={`${id}-ttl`}
            value={ttl}
            placeholder="P7D"
            className="font-mono"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={!!shown("ttl")}
            aria-describedby={shown("ttl") ? `${id}-ttl-error` : undefined}
            onChange={(e) => (setTtl(e.target.value), edit("ttl"))}
            onBlur={() => touch("ttl")}
          />
        </Field>
      )}
    </FormDialog>
  );
}
