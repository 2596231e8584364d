import type { State } from "@/lib/executions/types";

// One colour per execution or task-run state, shared by every executions page (lists, the
// execution's overview, its Gantt bars and the topology).

type Tone = { badge: string; bar: string; dot: string };

const GREEN: Tone = { badge: "bg-emerald-50 text-emerald-800 ring-emerald-600/30", bar: "bg-emerald-500", dot: "bg-emerald-500" };
const RED: Tone = { badge: "bg-red-50 text-red-800 ring-red-600/30", bar: "bg-red-500", dot: "bg-red-500" };
const AMBER: Tone = { badge: "bg-amber-50 text-amber-900 ring-amber-600/30", bar: "bg-amber-400", dot: "bg-amber-400" };
const BLUE: Tone = { badge: "bg-sky-50 text-sky-800 ring-sky-600/30", bar: "bg-sky-500", dot: "bg-sky-500" };
const VIOLET: Tone = { badge: "bg-violet-50 text-violet-800 ring-violet-600/30", bar: "bg-violet-500", dot: "bg-violet-500" };
const SLATE: Tone = { badge: "bg-slate-100 text-slate-700 ring-slate-500/30", bar: "bg-slate-400", dot: "bg-slate-400" };

const TONES: Record<State, Tone> = {
  CREATED: SLATE,
  QUEUED: SLATE,
  RUNNING: BLUE,
  PAUSED: VIOLET,
  RETRYING: AMBER,
  RETRIED: SLATE,
  RESTARTED: SLATE,
  KILLING: AMBER,
  SUCCESS: GREEN,
  WARNING: AMBER,
  FAILED: RED,
  KILLED: RED,
  CANCELLED: SLATE,
  SKIPPED: SLATE,
  RESUBMITTED: SLATE,
};

export function stateTone(state: State): Tone {
  return TONES[state] ?? SLATE;
}

/** A state as a small coloured label (RUNNING ones pulse, so a live page shows what moves). */
export function StateBadge({ state }: { state: State }) {
  const tone = stateTone(state);
  return (
    <span
      data-state={state}
      className={`inline-flex items-center gap-1.5 rounded-md px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${tone.badge}`}
    >
      <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${tone.dot} ${state === "RUNNING" ? "animate-pulse" : ""}`} />
      {state}
    </span>
  );
}
