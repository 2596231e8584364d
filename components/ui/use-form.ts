"use client";
import { useId, useState } from "react";
import type { z } from "zod";
import { type FormErrors, fieldError, formErrors } from "@/lib/actions/client";

/**
 * A form's values with validation while typing: a field's own schema speaks once the field was
 * edited or left (or the form submitted); a server error stays at its field until that field
 * changes. The schemas are the ones the server validates with.
 */
export function useForm<F extends string>(schemas: Record<F, z.ZodType>, initial: Record<F, string>) {
  const prefix = useId();
  const fields = Object.keys(schemas) as F[];
  const [values, setValues] = useState(initial);
  const [touched, setTouched] = useState<Partial<Record<F, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<FormErrors<F>>({ fields: {}, message: null });

  const clientError = (f: F) => fieldError(schemas[f], values[f]);
  const error = (f: F): string | undefined =>
    ((touched[f] || submitted) && clientError(f)) || server.fields[f] || undefined;
  const id = (f: F) => `${prefix}-${f}`;

  return {
    values,
    error,
    id,
    /** The form-wide message of the last server error, when no field took it. */
    message: server.message,
    /** Props for the input of field f. */
    input(f: F) {
      const e = error(f);
      return {
        id: id(f),
        name: f,
        value: values[f],
        "aria-invalid": !!e,
        "aria-describedby": e ? `${id(f)}-error` : undefined,
        onChange(ev: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) {
          const value = ev.target.value;
          setValues((v) => ({ ...v, [f]: value }));
          setTouched((t) => ({ ...t, [f]: true }));
          setServer((s) => ({ message: null, fields: { ...s.fields, [f]: undefined } }));
        },
        onBlur: () => setTouched((t) => ({ ...t, [f]: true })),
      };
    },
    /** Marks the form submitted; true when every field passes its schema. Focuses the first bad one. */
    validate(): boolean {
      setSubmitted(true);
      const bad = fields.find((f) => clientError(f));
      if (bad) document.getElementById(id(bad))?.focus();
      return !bad;
    },
    /** Shows a failed action's error at its fields (`at`: whole errors of a status to a field). */
    fail(e: unknown, at: Partial<Record<number, F>> = {}) {
      const out = formErrors(e, fields, at);
      setServer(out);
      const first = fields.find((f) => out.fields[f]);
      if (first) document.getElementById(id(first))?.focus();
    },
    reset() {
      setValues(initial);
      setTouched({});
      setSubmitted(false);
      setServer({ fields: {}, message: null });
    },
  };
}
