import type { State } from "./types";

// The dashboard's counts as the browser receives them (lib/executions/stats.ts computes them).

export type StateCounts = Partial<Record<State, number>>;
/** One bar of the chart: its start (ISO-8601, UTC) and the executions started then, per state. */
export type StatsBucket = { start: string; counts: StateCounts; total: number };
export type ExecutionStats = { hourly: StatsBucket[]; daily: StatsBucket[]; total: number };
