import { parseDuration } from "@/lib/duration";

/** A task's (or the flow's) `retry`, as written in the flow. */
export type RetryPolicy = Record<string, unknown>;

const ms = (value: unknown): number | null => (typeof value === "string" ? parseDuration(value) : null);

/** A number in [0, 1) derived from a key: the executor is pure, so "random" retries are seeded by the attempt. */
export function seededFraction(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) / 4294967296;
}

/**
 * The delay before the next attempt, or null when the policy allows no more. `failedAttempts`
 * counts the attempts that failed so far (the current one included; lost attempts are not
 * counted). `maxAttempts` bounds all attempts; `maxDuration` bounds the time from the task run's
 * start to the next attempt. Delays: constant `interval`; exponential `interval * delayFactor^(n-1)`
 * (factor 2 by default) capped by `maxInterval`; random between `minInterval` and `maxInterval`.
 */
export function retryDelay(
  policy: RetryPolicy,
  failedAttempts: number,
  elapsedMs: number,
  seedKey: string,
): number | null {
  const maxAttempts = Number(policy.maxAttempts ?? policy.maxAttempt ?? NaN);
  if (Number.isFinite(maxAttempts) && failedAttempts >= maxAttempts) return null;
  let delay: number;
  switch (policy.type) {
    case "constant":
      delay = ms(policy.interval) ?? 0;
      break;
    case "exponential": {
      const interval = ms(policy.interval) ?? 0;
      const factor = Number(policy.delayFactor ?? 2);
      const max = ms(policy.maxInterval) ?? Number.POSITIVE_INFINITY;
      delay = Math.min(interval * Math.pow(Number.isFinite(factor) ? factor : 2, failedAttempts - 1), max);
      break;
    }
    case "random": {
      const min = ms(policy.minInterval) ?? 0;
      const max = ms(policy.maxInterval) ?? min;
      delay = Math.round(min + seededFraction(seedKey) * Math.max(0, max - min));
      break;
    }
    default:
      return null;
  }
  const maxDuration = ms(policy.maxDuration);
  if (maxDuration !== null && elapsedMs + delay > maxDuration) return null;
  return delay;
}
