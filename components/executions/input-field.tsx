"use client";
import { useId } from "react";
import { TextArea, TextInput } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import type { FormInput, FormValue } from "./flow-inputs";

// The fields of a form of inputs, one per input type, shared by the Execute form and the Resume
// form: the same controls, defaults, hints and error messages wherever inputs are asked for.

const TYPE_HINT: Record<string, string> = {
  DURATION: "An ISO-8601 duration, e.g. PT5M or P1D",
  JSON: "JSON",
  YAML: "YAML",
  ARRAY: "One item per line (or a JSON array)",
  DATETIME: "UTC",
  URI: "A URI with its scheme, e.g. https://example.com",
};

/** One input's field, by its type, with its label, required mark, description and error. */
export function InputField({ input, value, error, onChange }: { input: FormInput; value: FormValue; error?: string; onChange: (v: FormValue) => void }) {
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

/** The inputs' fields in order; conditional ones the engine does not ask for are left out. */
export function InputFields({
  inputs,
  values,
  errors,
  onChange,
  shown = () => true,
}: {
  inputs: FormInput[];
  values: Record<string, FormValue>;
  errors: Record<string, string>;
  onChange: (id: string, value: FormValue) => void;
  shown?: (input: FormInput) => boolean;
}) {
  return (
    <div className="max-h-[55vh] space-y-4 overflow-y-auto pr-1">
      {inputs.filter(shown).map((input) => (
        <InputField key={input.id} input={input} value={values[input.id]} error={errors[input.id]} onChange={(v) => onChange(input.id, v)} />
      ))}
    </div>
  );
}
