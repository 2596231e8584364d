"use client";
import { useId, useState } from "react";
import { LabelChip } from "@/components/flows/labels";
import { Button } from "@/components/ui/button";
import { useDebouncedText } from "@/components/ui/use-debounced-text";
import { type ExecutionListFilters, TIME_RANGES, type TimeRange } from "@/lib/executions/filters";
import { parseLabelFilter } from "@/lib/flows/filters";
import { STATES, type State } from "@/lib/executions/types";
import type { FlatNamespace } from "@/lib/namespaces/tree";

const control =
  "block w-full rounded-md border-0 bg-white px-2.5 py-1.5 text-sm shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600";
const labelClass = "mb-1 block text-xs font-medium text-slate-600";
// the states a person filters by (RESUBMITTED is an attempt's, never an execution's)
const LISTED: State[] = STATES.filter((s) => s !== "RESUBMITTED");

/** The executions list's filters; each change goes to the URL through `onChange`. */
export function ExecutionFilterBar({
  filters,
  namespaces,
  fixed,
  onChange,
  onClear,
}: {
  filters: ExecutionListFilters;
  namespaces: FlatNamespace[];
  /** the list is one flow's: no flow or namespace filter */
  fixed: boolean;
  onChange: (change: Partial<ExecutionListFilters>) => void;
  onClear?: () => void;
}) {
  const ids = { ns: useId(), flow: useId(), range: useId(), from: useId(), to: useId(), label: useId() };
  const [labelError, setLabelError] = useState<string | null>(null);
  const known = namespaces.some((n) => n.name === filters.namespace);

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3" data-testid="execution-filters">
        <TextFilter label="Search" placeholder="Execution id, flow or namespace" value={filters.q} onChange={(q) => onChange({ q })} className="min-w-48 flex-1" />
        {!fixed && (
          <div className="w-56">
            <label htmlFor={ids.ns} className={labelClass}>
              Namespace <span className="font-normal text-slate-500">(with descendants)</span>
            </label>
            <select id={ids.ns} value={filters.namespace} onChange={(e) => onChange({ namespace: e.target.value })} className={`${control} font-mono`}>
              <option value="">All namespaces</option>
              {!known && filters.namespace && <option value={filters.namespace}>{filters.namespace}</option>}
              {namespaces.map((n) => (
                <option key={n.name} value={n.name}>
                  {"\u00a0\u00a0".repeat(n.depth)}
                  {n.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {!fixed && <TextFilter label="Flow" placeholder="Flow id" value={filters.flowId} onChange={(flowId) => onChange({ flowId })} className="w-40" mono />}
        <StatePicker value={filters.states} onChange={(states) => onChange({ states })} />
        <div className="w-40">
          <label htmlFor={ids.range} className={labelClass}>
            Started
          </label>
          <select id={ids.range} value={filters.range} onChange={(e) => onChange({ range: e.target.value as TimeRange })} className={control}>
            <option value="">Any time</option>
            {Object.entries(TIME_RANGES).map(([k, r]) => (
              <option key={k} value={k}>
                {r.label}
              </option>
            ))}
            <option value="custom">Between dates…</option>
          </select>
        </div>
        {filters.range === "custom" && (
          <>
            <div>
              <label htmlFor={ids.from} className={labelClass}>
                From (UTC)
              </label>
              <input id={ids.from} type="datetime-local" value={filters.from} onChange={(e) => onChange({ from: e.target.value })} className={control} />
            </div>
            <div>
              <label htmlFor={ids.to} className={labelClass}>
                To (UTC)
              </label>
              <input id={ids.to} type="datetime-local" value={filters.to} onChange={(e) => onChange({ to: e.target.value })} className={control} />
            </div>
          </>
        )}
        <div className="w-44">
          <label htmlFor={ids.label} className={labelClass}>
            Label
          </label>
          <input
            id={ids.label}
            placeholder="key:value, then Enter"
            aria-invalid={!!labelError}
            aria-describedby={labelError ? `${ids.label}-error` : undefined}
            className={`${control} font-mono placeholder:font-sans aria-[invalid=true]:ring-red-500`}
            onChange={() => setLabelError(null)}
            onKeyDown={(e) => {
              if (e.key !== "Enter") return;
              e.preventDefault();
              const input = e.currentTarget;
              const parsed = parseLabelFilter(input.value);
              if (!parsed) return setLabelError("Write a label as key:value");
              const text = `${parsed.key}:${parsed.value}`;
              if (!filters.labels.includes(text)) onChange({ labels: [...filters.labels, text] });
              input.value = "";
            }}
          />
          {labelError && (
            <p id={`${ids.label}-error`} className="mt-1 text-xs text-red-600">
              {labelError}
            </p>
          )}
        </div>
        {onClear && (
          <Button variant="ghost" type="button" onClick={onClear}>
            Clear filters
          </Button>
        )}
      </div>
      {filters.labels.length > 0 && (
        <div className="flex flex-wrap items-center gap-2" data-testid="label-filters">
          <span className="text-xs text-slate-500">Labels:</span>
          {filters.labels.map((l) => {
            const parsed = parseLabelFilter(l)!;
            return <LabelChip key={l} name={parsed.key} value={parsed.value} onRemove={() => onChange({ labels: filters.labels.filter((x) => x !== l) })} />;
          })}
        </div>
      )}
    </div>
  );
}

/** A text filter sent a moment after typing stops (and kept in step with the URL). */
function TextFilter({
  label,
  placeholder,
  value,
  onChange,
  className,
  mono,
}: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (v: string) => void;
  className?: string;
  mono?: boolean;
}) {
  const id = useId();
  const [text, setText] = useDebouncedText(value, onChange, 300);
  return (
    <div className={className}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input id={id} type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={placeholder} className={`${control} ${mono ? "font-mono" : ""}`} />
    </div>
  );
}

/** Several states at once: a disclosure holding one checkbox per state. */
function StatePicker({ value, onChange }: { value: State[]; onChange: (states: State[]) => void }) {
  const summary = value.length === 0 ? "Any state" : value.length <= 2 ? value.join(", ") : `${value.length} states`;
  return (
    <div className="relative">
      <span className={labelClass}>State</span>
      <details className="group" data-testid="state-filter">
        <summary className={`${control} flex w-40 cursor-pointer list-none items-center justify-between gap-2`}>
          <span className="truncate">{summary}</span>
          <span aria-hidden className="text-xs text-slate-400">▾</span>
        </summary>
        <fieldset className="absolute z-20 mt-1 grid w-64 grid-cols-2 gap-x-3 gap-y-1 rounded-md border border-slate-200 bg-white p-3 shadow-lg">
          <legend className="sr-only">States to show</legend>
          {LISTED.map((s) => (
            <label key={s} className="flex items-center gap-2 text-xs text-slate-700">
              <input
                type="checkbox"
                checked={value.includes(s)}
                onChange={(e) => onChange(e.target.checked ? [...value, s] : value.filter((x) => x !== s))}
                className="h-3.5 w-3.5 rounded border-slate-300"
              />
              {s}
            </label>
          ))}
        </fieldset>
      </details>
    </div>
  );
}
