"use client";
import { TextArea, TextInput } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import type { KvType } from "@/lib/kv/values";

type Props = {
  id: string;
  type: KvType;
  text: string;
  invalid: boolean;
  onChange: (text: string) => void;
  onBlur: () => void;
};

/** The input that fits a value's type; every type edits a text the form turns into the value. */
export function ValueInput({ id, type, text, invalid, onChange, onBlur }: Props) {
  const common = {
    id,
    name: "value",
    value: text,
    "aria-invalid": invalid,
    "aria-describedby": invalid ? `${id}-error` : undefined,
    onBlur,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(e.target.value),
  };
  switch (type) {
    case "BOOLEAN":
      return (
        <div className="flex items-center gap-3 py-1" id={id}>
          <Switch checked={text === "true"} label="Value" onChange={(v) => onChange(String(v))} />
          <span className="font-mono text-sm text-slate-700">{text === "true" ? "true" : "false"}</span>
        </div>
      );
    case "NUMBER":
      return <TextInput {...common} type="number" step="any" inputMode="decimal" placeholder="42" />;
    case "DATETIME":
      return <TextInput {...common} type="datetime-local" step={1} />;
    case "DATE":
      return <TextInput {...common} type="date" />;
    case "DURATION":
      return <TextInput {...common} className="font-mono" placeholder="PT1H30M" spellCheck={false} />;
    case "JSON":
      return <TextArea {...common} rows={8} className="font-mono text-xs" placeholder='{"retries": 3}' spellCheck={false} />;
    default:
      return <TextArea {...common} rows={3} placeholder="Any text" />;
  }
}

export const VALUE_HINTS: Record<KvType, string> = {
  STRING: "Any text, line breaks included.",
  NUMBER: "An integer or a decimal number.",
  BOOLEAN: "On for true, off for false.",
  DATETIME: "In your browser's time zone; stored as a UTC instant.",
  DATE: "A calendar date.",
  DURATION: "ISO-8601: PT30S, PT1H30M, P1D, P2W.",
  JSON: "Any JSON value: an object, an array, a string, a number, true, false or null.",
};
