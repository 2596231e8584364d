// Durations as users write them: `30d`, `12h`, `15m`, `45s`, or ISO-8601 (`P30D`, `PT1H30M`).

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * The longest duration accepted anywhere (1000 years). Longer ones, however they are written, are
 * refused here, so no caller turns one into an invalid date or an overflowing number.
 */
export const MAX_DURATION_MS = 1000 * 365 * UNIT_MS.d;

const bounded = (ms: number) => (Number.isFinite(ms) && ms <= MAX_DURATION_MS ? ms : null);

/** An ISO-8601 duration (`P1D`, `PT1H30M`, `PT0.5S`, `P2W`) in milliseconds; null for anything else. */
export function parseIsoDuration(text: string): number | null {
  const t = text.trim();
  const iso = /^P(?:(\d{1,9})W)?(?:(\d{1,9})D)?(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,12}(?:\.\d{1,9})?)S)?)?$/i.exec(t);
  if (!iso || /T$/i.test(t)) return null;
  const [, w, d, h, m, s] = iso;
  if ([w, d, h, m, s].every((x) => x === undefined)) return null;
  return bounded(
    Number(w ?? 0) * UNIT_MS.w +
      Number(d ?? 0) * UNIT_MS.d +
      Number(h ?? 0) * UNIT_MS.h +
      Number(m ?? 0) * UNIT_MS.m +
      Math.round(Number(s ?? 0) * 1000),
  );
}

export function parseDuration(text: string): number | null {
  // at most 15 digits: every longer count is past the bound anyway
  const short = /^(\d{1,15})\s*([smhdw])$/i.exec(text.trim());
  if (short) return bounded(Number(short[1]) * UNIT_MS[short[2].toLowerCase()]);
  if (/^\d+\s*[smhdw]$/i.test(text.trim())) return null;
  return parseIsoDuration(text);
}
