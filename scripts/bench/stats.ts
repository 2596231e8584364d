// Latency summaries, the same for HTTP runs (autocannon's per-response times) and in-process runs.

export type Summary = { requests: number; rps: number; p50: number; p99: number; mean: number; max: number };

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(latencies: number[], seconds: number): Summary {
  const sorted = Float64Array.from(latencies).sort();
  const arr = Array.from(sorted);
  const sum = arr.reduce((a, b) => a + b, 0);
  return {
    requests: arr.length,
    rps: arr.length / seconds,
    p50: percentile(arr, 50),
    p99: percentile(arr, 99),
    mean: arr.length ? sum / arr.length : NaN,
    max: arr.length ? arr[arr.length - 1] : NaN,
  };
}

export const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
