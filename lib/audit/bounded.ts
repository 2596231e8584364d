// Audit entries stay small whatever they record: a flow's source (up to 1 MiB, saved hundreds of
// times) is kept as the region that changed, and any other long text is cut. The entry still shows
// before and after side by side.

/** The most text one audit value keeps, in UTF-16 units (each field on its own). */
export const AUDIT_TEXT_LIMIT = 16 * 1024;
const CONTEXT_LINES = 2;

/** Cuts a long text, saying how much was left out. */
export function cutText(text: string, limit = AUDIT_TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}\n… (${text.length - limit} more characters not kept)`;
}

/**
 * The lines that differ between two texts, with a little context: the common leading and trailing
 * lines are dropped (one pass each way, so the work is linear). Several edits far apart come out as
 * one region spanning them, then cut to the limit.
 */
export function changedRegion(a: string, b: string) {
  const la = a.split("\n");
  const lb = b.split("\n");
  let start = 0;
  while (start < la.length && start < lb.length && la[start] === lb[start]) start++;
  let endA = la.length;
  let endB = lb.length;
  while (endA > start && endB > start && la[endA - 1] === lb[endB - 1]) {
    endA--;
    endB--;
  }
  const from = Math.max(0, start - CONTEXT_LINES);
  const side = (lines: string[], end: number) => {
    const to = Math.min(lines.length, end + CONTEXT_LINES);
    return { text: cutText(lines.slice(from, to).join("\n")), lines: `${from + 1}-${to}` };
  };
  return { a: side(la, endA), b: side(lb, endB) };
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date);

function cutAll(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return cutText(value);
  if (depth > 20) return "… (nested too deep, not kept)";
  if (Array.isArray(value)) return value.map((v) => cutAll(v, depth + 1));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cutAll(v, depth + 1)]));
  return value;
}

/**
 * Bounds an entry's before and after. When both hold a `source`, each keeps only its side of the
 * changed region (`sourceLines` says which lines, `sourceBytes` how long the whole text was).
 */
export function boundChange(before: unknown, after: unknown): { before: unknown; after: unknown } {
  if (isRecord(before) && isRecord(after) && typeof before.source === "string" && typeof after.source === "string") {
    const region = changedRegion(before.source, after.source);
    const excerpt = (side: Record<string, unknown>, text: string, part: { text: string; lines: string }) => ({
      ...side,
      source: part.text,
      sourceLines: part.lines,
      sourceBytes: Buffer.byteLength(text, "utf8"),
    });
    return {
      before: cutAll(excerpt(before, before.source, region.a)),
      after: cutAll(excerpt(after, after.source, region.b)),
    };
  }
  const whole = (v: unknown) =>
    isRecord(v) && typeof v.source === "string" && v.source.length > AUDIT_TEXT_LIMIT ? cutAll({ ...v, sourceBytes: Buffer.byteLength(v.source, "utf8") }) : cutAll(v);
  return { before: whole(before), after: whole(after) };
}
