"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import { parse } from "yaml";
import { type FlowDependencies, type FlowRef, flowTopology, withDependencies } from "@/lib/flows/topology";
import { flowKeys } from "@/lib/query-keys";
import { FlowGraph } from "./flow-graph";

async function fetchDependencies(tenant: string, namespace: string, id: string, signal?: AbortSignal): Promise<FlowDependencies> {
  const url = `/api/v1/${encodeURIComponent(tenant)}/flows/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}/dependencies`;
  const res = await fetch(url, { cache: "no-store", headers: { accept: "application/json" }, signal });
  if (!res.ok) throw new Error(`The server answered ${res.status}`);
  return res.json();
}

function parsed(source: string): unknown {
  try {
    return parse(source, { uniqueKeys: false });
  } catch {
    return null;
  }
}

const SECTIONS: { key: keyof FlowDependencies; title: string; empty: string }[] = [
  { key: "callers", title: "Run by", empty: "No flow runs it as a subflow." },
  { key: "triggeredBy", title: "Started when these end", empty: "No Flow trigger names another flow." },
  { key: "calls", title: "Runs", empty: "It runs no other flow." },
  { key: "triggers", title: "Starts", empty: "No flow's trigger waits for it." },
];

function FlowLinks({ tenant, flows, empty }: { tenant: string; flows: FlowRef[]; empty: string }) {
  if (flows.length === 0) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <ul className="space-y-1 text-sm">
      {flows.map((f) => (
        <li key={`${f.namespace}/${f.flowId}`}>
          <Link href={`/ui/${encodeURIComponent(tenant)}/flows/${encodeURIComponent(f.namespace)}/${encodeURIComponent(f.flowId)}`} className="font-mono text-indigo-700 hover:underline">
            <span className="text-slate-500">{f.namespace}.</span>
            {f.flowId}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The flow page's Topology tab: the saved revision as a graph, with the flows around it. */
export function FlowTopology({ tenant, namespace, id, source, revision }: { tenant: string; namespace: string; id: string; source: string; revision: number }) {
  const base = useMemo(() => flowTopology(parsed(source)), [source]);
  const { data: deps, isError } = useQuery({
    queryKey: flowKeys.dependencies(tenant, namespace, id, revision),
    queryFn: ({ signal }) => fetchDependencies(tenant, namespace, id, signal),
  });
  const topology = useMemo(() => (deps ? withDependencies(base, deps) : base), [base, deps]);
  return (
    <div className="space-y-4" data-testid="flow-topology">
      {deps || isError ? (
        <FlowGraph topology={topology} tenant={tenant} label={`Topology of ${namespace}.${id}, revision ${revision}`} />
      ) : (
        <div className="h-60 animate-pulse rounded-lg border border-slate-200 bg-slate-50" aria-label="Loading the graph" />
      )}
      <section className="rounded-lg border border-slate-200 bg-white" aria-labelledby="flow-dependencies-title">
        <h2 id="flow-dependencies-title" className="border-b border-slate-100 px-4 py-2.5 text-sm font-semibold text-slate-900">
          Flows around it
        </h2>
        {isError ? (
          <p className="px-4 py-3 text-sm text-red-700">The flows around this one could not be read.</p>
        ) : (
          <div className="grid gap-4 px-4 py-3 sm:grid-cols-2 lg:grid-cols-4">
            {SECTIONS.map((s) => (
              <div key={s.key}>
                <h3 className="mb-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{s.title}</h3>
                {deps ? <FlowLinks tenant={tenant} flows={deps[s.key]} empty={s.empty} /> : <p className="text-sm text-slate-400">…</p>}
              </div>
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
