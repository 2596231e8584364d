"use client";
import { useState } from "react";
import { FormDialog } from "@/components/ui/dialog";
import { Field, TextInput } from "@/components/ui/field";
import { filePathProblem } from "@/lib/files/paths";

/**
 * Asks for a path (a new file's or folder's name, or a rename's target), checking it while typing
 * with the server's own rule; the server's refusal is shown in the field.
 */
export function PathDialog({
  title,
  description,
  label,
  initial = "",
  prefix = "",
  submitLabel,
  pendingLabel,
  pending,
  serverError,
  onSubmit,
  onClose,
}: {
  title: string;
  description?: string;
  label: string;
  initial?: string;
  /** the folder the name is relative to, shown before the input */
  prefix?: string;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  serverError: string | null;
  onSubmit: (path: string) => void;
  onClose: () => void;
}) {
  const [value, setValue] = useState(initial);
  const [touched, setTouched] = useState(false);
  const full = prefix + value.trim();
  const problem = value.trim() ? filePathProblem(full) : "a name is required";
  const shown = touched ? problem : null;
  return (
    <FormDialog
      title={title}
      description={description}
      testId="path-dialog"
      submitLabel={submitLabel}
      pendingLabel={pendingLabel}
      pending={pending}
      onSubmit={() => {
        setTouched(true);
        if (!problem) onSubmit(full);
      }}
      onClose={onClose}
    >
      <Field label={label} htmlFor="file-path" error={shown ?? serverError ?? undefined} hint={prefix ? `In ${prefix}` : "Use / to make sub-folders"}>
        <TextInput
          id="file-path"
          data-autofocus
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setTouched(true);
          }}
          aria-invalid={!!(shown ?? serverError)}
          aria-describedby={shown || serverError ? "file-path-error" : undefined}
          className="font-mono"
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
    </FormDialog>
  );
}

