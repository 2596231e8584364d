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
