"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { useDebouncedText } from "@/components/ui/use-debounced-text";
import { EmptyState } from "@/components/ui/empty-state";
import {
  type FlowListFilters,
  FLOWS_PAGE_SIZE,
  hasActiveFilters,
  parseLabelFilter,
  readFlowFilters,
  writeFlowFilters,
} from "@/lib/flows/filters";
import type { FlatNamespace } from "@/lib/namespaces/tree";
import { flowKeys } from "@/lib/query-keys";
import { type FlowPage, fetchFlowPage } from "./api";
import { FlowsTable, FlowsTableSkeleton } from "./flows-table";
import { LabelChip } from "./labels";

const sameFilters = (a: FlowListFilters, b: FlowListFilters) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The flows list: filters live in the URL (shareable, kept on reload), data comes from the search
 * API through TanStack Query, the server-rendered first page is its initial data. `namespace`
 * fixes the list to one namespace and its descendants (a namespace's own page).
 */
export function FlowsBrowser({
  tenant,
  initial,
  namespaces,
  namespace: fixedNamespace,
  newFlow,
  run,
}: {
  tenant: string;
  initial: { filters: FlowListFilters; data: FlowPage };
  namespaces: FlatNamespace[];
  namespace?: string;
  /** shown in the empty state when the user may create flows */
  newFlow?: React.ReactNode;
  /** each row's Execute button (see FlowsTable) */
  run?: React.ComponentProps<typeof FlowsTable>["run"];
}) {
  const searchParams = useSearchParams();
  const filters = useMemo(() => {
    const f = readFlowFilters(searchParams);
    return fixedNamespace ? { ...f, namespace: fixedNamespace } : f;
  }, [searchParams, fixedNamespace]);

  const query = useQuery({
    queryKey: flowKeys.list(tenant, filters),
    queryFn: ({ signal }) => fetchFlowPage(tenant, filters, signal),
    initialData: sameFilters(filters, initial.filters) ? initial.data : undefined,
    placeholderData: keepPreviousData,
  });

  function go(next: FlowListFilters, mode: "push" | "replace" = "push") {
    const params = writeFlowFilters(fixedNamespace ? { ...next, namespace: "" } : next, new URLSearchParams(window.location.search));
    const qs = params.toString();
    const url = qs ? `?${qs}` : window.location.pathname;
    if (mode === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }
  const update = (change: Partial<FlowListFilters>, mode?: "push" | "replace") => go({ ...filters, page: 1, ...change }, mode);
  const addLabel = (label: string) => !filters.labels.includes(label) && update({ labels: [...filters.labels, label] });

  const data = query.data;
  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / FLOWS_PAGE_SIZE));
  const filtered = hasActiveFilters(fixedNamespace ? { ...filters, namespace: "" } : filters);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3">
        <SearchBox value={filters.q} onSearch={(q) => update({ q }, "replace")} />
        {!fixedNamespace && (
          <NamespacePicker namespaces={namespaces} value={filters.namespace} onChange={(namespace) => update({ namespace })} />
        )}
        <LabelInput onAdd={addLabel} />
        {filtered && (
          <Button variant="ghost" type="button" onClick={() => go({ ...filters, q: "", namespace: "", labels: [], page: 1 })}>
            Clear filters
          </Button>
        )}
      </div>
      {filters.labels.length > 0 && (
        <div className="flex flex-wrap items-center gap-2" data-testid="label-filters">
          <span className="text-xs text-slate-500">Labels:</span>
          {filters.labels.map((l) => {
            const parsed = parseLabelFilter(l)!;
            return (
              <LabelChip
                key={l}
                name={parsed.key}
                value={parsed.value}
                onRemove={() => update({ labels: filters.labels.filter((x) => x !== l) })}
              />
            );
          })}
        </div>
      )}

      {query.isError && !data ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          The flows could not be loaded: {query.error.message}.{" "}
          <button type="button" className="font-medium underline" onClick={() => query.refetch()}>
            Try again
          </button>
        </div>
      ) : !data ? (
        <FlowsTableSkeleton />
      ) : total === 0 && data.results.length === 0 ? (
        filtered ? (
          <EmptyState
            title="No flows match these filters"
            action={
              <Button variant="secondary" type="button" onClick={() => go({ ...filters, q: "", namespace: "", labels: [], page: 1 })}>
                Clear filters
              </Button>
            }
          >
            Try another search, a parent namespace or fewer labels.
          </EmptyState>
        ) : (
          <EmptyState title={fixedNamespace ? "No flows in this namespace yet" : "No flows yet"} action={newFlow}>
            Flows are YAML documents organised in namespaces. {newFlow ? "Create one to get started." : "The flows you may read appear here."}
          </EmptyState>
        )
      ) : (
        <>
          <FlowsTable
            tenant={tenant}
            flows={data.results}
            sort={filters.sort}
            onSort={(sort) => go({ ...filters, sort, page: 1 })}
            onLabel={addLabel}
            busy={query.isFetching && query.isPlaceholderData}
            run={run}
          />
          <Pagination page={filters.page} pages={pages} total={total} onPage={(page) => go({ ...filters, page })} />
        </>
      )}
    </div>
  );
}

function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const id = useId();
  const [text, setText] = useDebouncedText(value, onSearch, 250);
  return (
    <div className="min-w-56 flex-1">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        Search
      </label>
      <input
        id={id}
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Flow id, namespace or description"
        className="block w-full rounded-md border-0 px-3 py-1.5 text-sm shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600"
      />
    </div>
  );
}

function NamespacePicker({ namespaces, value, onChange }: { namespaces: FlatNamespace[]; value: string; onChange: (ns: string) => void }) {
  const id = useId();
  const known = namespaces.some((n) => n.name === value);
  return (
    <div className="w-64">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        Namespace <span className="font-normal text-slate-500">(with descendants)</span>
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="block w-full rounded-md border-0 bg-white px-2 py-1.5 font-mono text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600"
      >
        <option value="">All namespaces</option>
        {!known && value && <option value={value}>{value}</option>}
        {namespaces.map((n) => (
          <option key={n.name} value={n.name}>
            {/* the full name, indented by depth: the closed picker shows which namespace it is */}
            {"\u00a0\u00a0".repeat(n.depth)}
            {n.name} ({n.totalFlows})
          </option>
        ))}
      </select>
    </div>
  );
}

function LabelInput({ onAdd }: { onAdd: (label: string) => void }) {
  const id = useId();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  function add() {
    if (!text.trim()) return;
    const parsed = parseLabelFilter(text);
    if (!parsed) return setError("Write a label as key:value");
    onAdd(`${parsed.key}:${parsed.value}`);
    setText("");
    setError(null);
  }
  return (
    <div className="w-56">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        Label
      </label>
      <input
        id={id}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            add();
          }
        }}
        onBlur={() => text.trim() && add()}
        placeholder="key:value, then Enter"
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-error` : undefined}
        className="block w-full rounded-md border-0 px-3 py-1.5 font-mono text-sm shadow-sm ring-1 ring-inset ring-slate-300 placeholder:font-sans placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 aria-[invalid=true]:ring-red-500"
      />
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}

function Pagination({ page, pages, total, onPage }: { page: number; pages: number; total: number; onPage: (p: number) => void }) {
  const first = total === 0 ? 0 : (page - 1) * FLOWS_PAGE_SIZE + 1;
  const last = Math.min(total, page * FLOWS_PAGE_SIZE);
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between text-sm text-slate-600">
      <p data-testid="flows-total">
        {first > total ? (
          <>No flows on this page; {total} in total</>
        ) : (
          <>
            Showing <span className="font-medium text-slate-900">{first}</span>–<span className="font-medium text-slate-900">{last}</span> of{" "}
            <span className="font-medium text-slate-900">{total}</span> flow{total === 1 ? "" : "s"}
          </>
        )}
      </p>
      {pages > 1 || page > 1 ? (
        <div className="flex items-center gap-2">
          <span className="text-xs text-slate-500">
            Page {page} of {pages}
          </span>
          <Button variant="secondary" type="button" disabled={page <= 1} onClick={() => onPage(Math.min(page - 1, pages))}>
            Previous
          </Button>
          <Button variant="secondary" type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
            Next
          </Button>
        </div>
      ) : null}
    </nav>
  );
}

/** The "New flow" button: opens the editor with a template in the namespace being looked at. */
export function NewFlowLink({ tenant, namespace }: { tenant: string; namespace?: string }) {
  const searchParams = useSearchParams();
  const ns = namespace ?? searchParams.get("namespace") ?? "";
  return (
    <Link
      href={`/ui/${tenant}/flows/new${ns ? `?namespace=${encodeURIComponent(ns)}` : ""}`}
      className="inline-flex items-center gap-1.5 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
    >
      <span aria-hidden>+</span> New flow
    </Link>
  );
}
