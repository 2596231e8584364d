// Dates as the UI shows them. UTC, so that the server's render and the browser's hydration agree.

const pad = (n: number) => String(n).padStart(2, "0");

export function formatDateTime(value: Date | string | null | undefined, empty = "—"): string {
  if (value === null || value === undefined) return empty;
  const d = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return empty;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

export function formatDate(value: Date | string | null | undefined, empty = "—"): string {
  const full = formatDateTime(value, empty);
  return full === empty ? empty : full.slice(0, 10);
}

/** A duration for people: 850 ms, 12.4 s, 3 min 05 s, 2 h 04 min. Takes milliseconds or an ISO-8601 `PT…S`. */
export function formatDuration(value: number | string | null | undefined, empty = "—"): string {
  let ms: number;
  if (typeof value === "number") ms = value;
  else if (typeof value === "string") {
    const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(value);
    if (!m) return empty;
    ms = (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
  } else return empty;
  if (!Number.isFinite(ms) || ms < 0) return empty;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
}
