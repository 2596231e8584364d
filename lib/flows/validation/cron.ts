// A plausibility check of Schedule's `cron`, after the definition Kestra gives cron-utils: five
// fields (six with `withSeconds: true`), day-of-week 0-7 with 0 and 7 both Sunday, or a nickname.

const NICKNAMES = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

type Field = { name: string; min: number; max: number; names?: string[]; namesStart?: number };

const SECONDS: Field = { name: "seconds", min: 0, max: 59 };
const FIELDS: Field[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS, namesStart: 1 },
  { name: "day of week", min: 0, max: 7, names: DAYS, namesStart: 0 },
];

/** Why the expression is not a cron Kestra accepts, or undefined when it is. */
export function cronProblem(cron: string, withSeconds: boolean): string | undefined {
  const trimmed = cron.trim();
  if (trimmed.startsWith("@")) {
    return NICKNAMES.includes(trimmed) ? undefined : `unknown cron nickname "${trimmed}" (known: ${NICKNAMES.join(", ")})`;
  }
  const parts = trimmed.split(/\s+/);
  const fields = withSeconds ? [SECONDS, ...FIELDS] : FIELDS;
  if (parts.length !== fields.length) {
    return `cron "${trimmed}" has ${parts.length} field${parts.length === 1 ? "" : "s"}; expected ${fields.length}` +
      (withSeconds ? " (withSeconds is true)" : " (or 6 with withSeconds: true)");
  }
  for (let i = 0; i < fields.length; i++) {
    if (!fieldOk(parts[i], fields[i])) return `cron "${trimmed}": invalid ${fields[i].name} field "${parts[i]}"`;
  }
  return undefined;
}

function fieldOk(text: string, field: Field): boolean {
  return text.split(",").every((item) => {
    const [range, step, ...rest] = item.split("/");
    if (rest.length > 0 || (step !== undefined && !/^\d+$/.test(step))) return false;
    if (step !== undefined && Number(step) === 0) return false;
    if (range === "*") return true;
    const bounds = range.split("-");
    if (bounds.length > 2) return false;
    const values = bounds.map((b) => valueOf(b, field));
    if (values.some((v) => v === undefined)) return false;
    return values.length === 1 || values[0]! <= values[1]!;
  });
}

function valueOf(text: string, field: Field): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index >= 0 ? index + (field.namesStart ?? 0) : undefined;
}
