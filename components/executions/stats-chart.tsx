"use client";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ExecutionStats, StatsBucket } from "@/lib/executions/stats-types";
import type { State } from "@/lib/executions/types";
import { stateTone } from "./state-badge";

// The bar colours of the state tones (components/executions/state-badge.tsx), as the chart needs
// colour values rather than classes: one colour per state, the same as everywhere else.
const BAR_COLOURS: Record<string, string> = {
  "bg-emerald-500": "#10b981",
  "bg-red-500": "#ef4444",
  "bg-amber-400": "#fbbf24",
  "bg-sky-500": "#0ea5e9",
  "bg-violet-500": "#8b5cf6",
  "bg-slate-400": "#94a3b8",
};
const colourOf = (state: State) => BAR_COLOURS[stateTone(state).bar] ?? "#94a3b8";

const pad = (n: number) => String(n).padStart(2, "0");
const hourLabel = (iso: string) => `${pad(new Date(iso).getUTCHours())}:00`;
const dayLabel = (iso: string) => {
  const d = new Date(iso);
  return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};

/** Executions per state, stacked: the last 24 hours by hour, or the last 30 days by day (UTC). */
export function StatsChart({ stats }: { stats: ExecutionStats }) {
  const [span, setSpan] = useState<"hourly" | "daily">("hourly");
  const buckets: StatsBucket[] = stats[span];
  const states = [...new Set(buckets.flatMap((b) => Object.keys(b.counts)))] as State[];
  const data = buckets.map((b) => ({ label: span === "hourly" ? hourLabel(b.start) : dayLabel(b.start), ...b.counts }));
  const shown = buckets.reduce((sum, b) => sum + b.total, 0);
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="stats-title">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 id="stats-title" className="text-sm font-semibold text-slate-900">
            Executions per state
          </h2>
          <p className="text-xs text-slate-500" data-testid="stats-count">
            {shown} execution{shown === 1 ? "" : "s"} started {span === "hourly" ? "in the last 24 hours" : "in the last 30 days"} (UTC)
          </p>
        </div>
        <div role="group" aria-label="Time span" className="inline-flex rounded-md ring-1 ring-inset ring-slate-300">
          {(["hourly", "daily"] as const).map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={span === s}
              onClick={() => setSpan(s)}
              className={`px-3 py-1 text-xs font-medium first:rounded-l-md last:rounded-r-md ${span === s ? "bg-indigo-600 text-white" : "text-slate-600 hover:bg-slate-50"}`}
            >
              {s === "hourly" ? "24 hours" : "30 days"}
            </button>
          ))}
        </div>
      </div>
      <div className="h-64" role="img" aria-label={`Bar chart: ${shown} executions ${span === "hourly" ? "per hour over the last 24 hours" : "per day over the last 30 days"}, stacked by state`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: -20 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#475569" }} interval="preserveStartEnd" minTickGap={16} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#475569" }} />
            <Tooltip cursor={{ fill: "#f1f5f9" }} contentStyle={{ fontSize: 12 }} />
            <Legend wrapperStyle={{ fontSize: 11 }} formatter={(value) => <span style={{ color: "#334155" }}>{value}</span>} />
            {states.map((s) => (
              <Bar key={s} dataKey={s} stackId="states" fill={colourOf(s)} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
