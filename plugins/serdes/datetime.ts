import { TaskFailure } from "../../lib/executions/tasks/types";

// Formatting dates and times with the orchestrator's (Java DateTimeFormatter) patterns, for the
// letters flows use: y u M d E H h m s S a X x Z VV, 'quoted text' and [optional sections].

export type DateTimeParts = {
  year: number;
  month: number;
  day: number;
  /** absent for a date */
  time?: { hour: number; minute: number; second: number; millis: number };
  /** absent when the value has no offset */
  offsetMinutes?: number;
  zone?: string;
};

type Token = { kind: "text"; value: string } | { kind: "field"; letter: string; count: number } | { kind: "optional"; tokens: Token[] };

const LETTERS = new Set(["y", "u", "M", "L", "d", "E", "H", "h", "m", "s", "S", "a", "X", "x", "Z", "V"]);

function tokenize(pattern: string): Token[] {
  const stack: Token[][] = [[]];
  let i = 0;
  const top = () => stack[stack.length - 1]!;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        top().push({ kind: "text", value: "'" });
        i += 2;
        continue;
      }
      if (end < 0) throw new TaskFailure(`the date pattern "${pattern}" has an unclosed quote`);
      top().push({ kind: "text", value: pattern.slice(i + 1, end) });
      i = end + 1;
    } else if (c === "[") {
      stack.push([]);
      i++;
    } else if (c === "]") {
      if (stack.length === 1) throw new TaskFailure(`the date pattern "${pattern}" closes a section it did not open`);
      const tokens = stack.pop()!;
      top().push({ kind: "optional", tokens });
      i++;
    } else if (/[A-Za-z]/.test(c)) {
      if (!LETTERS.has(c)) throw new TaskFailure(`the date pattern "${pattern}" uses the letter "${c}", which is not supported`);
      let count = 1;
      while (pattern[i + count] === c) count++;
      top().push({ kind: "field", letter: c, count });
      i += count;
    } else {
      top().push({ kind: "text", value: c });
      i++;
    }
  }
  if (stack.length !== 1) throw new TaskFailure(`the date pattern "${pattern}" has an unclosed [ section`);
  return stack[0]!;
}

/** Checks a pattern (so that a bad one fails before any row is written). */
export function checkPattern(pattern: string): void {
  tokenize(pattern);
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, "0");

function offset(minutes: number, letter: string, count: number): string {
  if (minutes === 0 && (letter === "X" || (letter === "Z" && count === 5))) return "Z";
  const sign = minutes < 0 ? "-" : "+";
  const h = pad(Math.trunc(Math.abs(minutes) / 60), 2);
  const m = pad(Math.abs(minutes) % 60, 2);
  if (letter === "Z") return count === 5 ? `${sign}${h}:${m}` : `${sign}${h}${m}`;
  if (count === 1) return m === "00" ? `${sign}${h}` : `${sign}${h}${m}`;
  return count === 2 ? `${sign}${h}${m}` : `${sign}${h}:${m}`;
}

function field(p: DateTimeParts, letter: string, count: number): string | null {
  const t = p.time;
  switch (letter) {
    case "y":
    case "u":
      return count === 2 ? pad(p.year % 100, 2) : pad(p.year, count);
    case "M":
    case "L":
      return count >= 4 ? MONTHS[p.month - 1]! : count === 3 ? MONTHS[p.month - 1]!.slice(0, 3) : pad(p.month, count);
    case "d":
      return pad(p.day, count);
    case "E": {
      const day = DAYS[new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay()]!;
      return count >= 4 ? day : day.slice(0, 3);
    }
    case "H":
      return t ? pad(t.hour, count) : null;
    case "h":
      return t ? pad(((t.hour + 11) % 12) + 1, count) : null;
    case "a":
      return t ? (t.hour < 12 ? "AM" : "PM") : null;
    case "m":
      return t ? pad(t.minute, count) : null;
    case "s":
      return t ? pad(t.second, count) : null;
    case "S":
      return t ? pad(t.millis, 3).padEnd(count, "0").slice(0, count) : null;
    case "V":
      return p.zone ?? null;
    default:
      return p.offsetMinutes === undefined ? null : offset(p.offsetMinutes, letter, count);
  }
}

function print(tokens: Token[], p: DateTimeParts, optional: boolean): string | null {
  let out = "";
  for (const token of tokens) {
    if (token.kind === "text") out += token.value;
    else if (token.kind === "optional") out += print(token.tokens, p, true) ?? "";
    else {
      const value = field(p, token.letter, token.count);
      if (value === null) {
        if (optional) return null;
        throw new TaskFailure(`the date pattern letter "${token.letter}" needs a time or an offset the value does not have`);
      }
      out += value;
    }
  }
  return out;
}

export function formatDateTime(pattern: string, parts: DateTimeParts): string {
  return print(tokenize(pattern), parts, false) ?? "";
}

/** The wall-clock parts of an instant in a time zone, with the zone's offset then. */
export function partsInZone(epochMillis: number, timeZone: string): DateTimeParts {
  const f = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const get = (type: string) => Number(f.formatToParts(new Date(epochMillis)).find((x) => x.type === type)?.value ?? 0);
  const [year, month, day, hour, minute, second] = ["year", "month", "day", "hour", "minute", "second"].map(get) as [number, number, number, number, number, number];
  const millis = ((epochMillis % 1000) + 1000) % 1000;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  return { year, month, day, time: { hour, minute, second, millis }, offsetMinutes: Math.round((wall - epochMillis) / 60000), zone: timeZone };
}
