"use client";
import { useMemo } from "react";
import { parse } from "yaml";
import { FlowGraph } from "@/components/topology/flow-graph";
import type { State } from "@/lib/executions/types";
import { flowTopology } from "@/lib/flows/topology";

// The Topology tab of the execution page: the revision it ran, drawn with each task's state. Loaded
// when the tab is first opened (the YAML parser, the task catalogue and the graph are not part of
// the page's first load).

/** Each task's state in the graph: its latest task run's (a loop's task has one per iteration). */
function statesByTask(runs: { taskId: string; state: { current: State } }[]): Record<string, State> {
  const out: Record<string, State> = {};
  for (const r of runs) out[r.taskId] = r.state.current;
  return out;
}

function parsedFlow(source: string): unknown {
  try {
    return parse(source, { uniqueKeys: false });
  } catch {
    return null;
  }
}

export default function ExecutionTopology({
  tenant,
  flowSource,
  runs,
  label,
}: {
  tenant: string;
  flowSource: string;
  runs: { taskId: string; state: { current: State } }[];
  label: string;
}) {
  const topology = useMemo(() => flowTopology(parsedFlow(flowSource)), [flowSource]);
  const states = useMemo(() => statesByTask(runs), [runs]);
  return <FlowGraph topology={topology} tenant={tenant} states={states} label={label} />;
}
