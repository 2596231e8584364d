// Durations as users write them: `30d`, `12h`, `15m`, `45s`, or ISO-8601 (`P30D`, `PT1H30M`).
// The one parser for every duration in the product: token lifetimes, KV time-to-live and DURATION
// values, and the flow validator (which reads them as Kestra's java.time.Duration does).

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * The longest duration accepted anywhere (1000 years). Longer ones, however they are written, are
 * refused here, so no caller turns one into an invalid date or an overflowing number.
 */
export const MAX_DURATION_MS = 1000 * 365 * UNIT_MS.d;

const bounded = (ms: number) => (Number.isFinite(ms) && Math.abs(ms) <= MAX_DURATION_MS ? ms : null);

// [-+]?P [-+]?nW [-+]?nD T [-+]?nH [-+]?nM [-+]?n[.,]fS; signs and weeks are allowed or refused per flavour below
const ISO = /^([-+]?)P(?:([-+]?\d+)W)?(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+(?:[.,]\d{0,9})?)S)?)?$/i;

export type IsoDurationFlavour = {
  /**
   * As java.time.Duration.parse reads it (the flow validator: Kestra parses flow durations so):
   * signs on the whole and on each part, `,` as the decimal mark, no weeks.
   */
  java?: boolean;
};

/**
 * An ISO-8601 duration (`P1D`, `PT1H30M`, `PT0.5S`, `P2W`) in milliseconds; null for anything else
 * or past MAX_DURATION_MS. Years and months are refused: their length depends on the calendar.
 */
export function parseIsoDuration(text: string, flavour: IsoDurationFlavour = {}): number | null {
  const t = text.trim();
  const iso = ISO.exec(t);
  if (!iso || /T$/i.test(t)) return null;
  const [, sign, w, d, h, m, s] = iso;
  const parts = [w, d, h, m, s];
  if (parts.every((x) => x === undefined)) return null;
  if (flavour.java ? w !== undefined : sign !== "" || /[-+,]/.test(t)) return null;
  // 15 digits at most per part: every longer count is past the bound anyway
  if (parts.some((x) => x !== undefined && x.replace(/^[-+]/, "").split(/[.,]/)[0].length > 15)) return null;
  const seconds = Number((s ?? "0").replace(",", "."));
  const ms =
    Number(w ?? 0) * UNIT_MS.w +
    Number(d ?? 0) * UNIT_MS.d +
    Number(h ?? 0) * UNIT_MS.h +
    Number(m ?? 0) * UNIT_MS.m +
    Math.round(seconds * 1000);
  return bounded(sign === "-" ? -ms : ms);
}

/** A duration in the short form (`30d`, `12h`) or ISO-8601, in milliseconds; null for anything else. */
export function parseDuration(text: string): number | null {
  // at most 15 digits: every longer count is past the bound anyway
  const short = /^(\d{1,15})\s*([smhdw])$/i.exec(text.trim());
  if (short) return bounded(Number(short[1]) * UNIT_MS[short[2].toLowerCase()]);
  if (/^\d+\s*[smhdw]$/i.test(text.trim())) return null;
  return parseIsoDuration(text);
}
