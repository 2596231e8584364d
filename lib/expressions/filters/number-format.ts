/**
 * Java's DecimalFormat for the patterns flows use: `#` and `0` digits, `,` grouping, `.` decimals,
 * `%` (times 100), literal prefix and suffix (quoted with `'`), rounding half-even on the exact
 * binary value as Java does. Exponents and per-mille are refused.
 */
export function formatNumber(value: number, pattern: string): string | { error: string } {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "∞" : "-∞";
  const positive = pattern.split(";")[0];
  const m = /^((?:'[^']*'|[^#0,.%'])*)([#0,]*)(?:\.([#0]*))?((?:'[^']*'|[^#0,.'])*)$/.exec(positive);
  if (!m || (!m[2] && m[3] === undefined)) return { error: `unsupported number format "${pattern}"` };
  const [, rawPrefix, intPart, fracPart = "", rawSuffix] = m;
  const prefix = unquote(rawPrefix);
  const suffix = unquote(rawSuffix);
  if (/[E\u2030]/.test(prefix + suffix)) return { error: `unsupported number format "${pattern}"` };
  const percent = (prefix + suffix).includes("%");
  const groups = intPart.split(",");
  const grouping = groups.length > 1 ? groups[groups.length - 1].length : 0;
  const minInt = (intPart.match(/0/g) ?? []).length;
  const minFrac = (fracPart.match(/0/g) ?? []).length;
  const maxFrac = fracPart.length;

  const n = percent ? value * 100 : value;
  const [whole, frac] = roundHalfEven(Math.abs(n), maxFrac);
  let fraction = frac;
  while (fraction.length > minFrac && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  let integer = whole.replace(/^0+/, "");
  if (integer.length < minInt) integer = integer.padStart(minInt, "0");
  if (grouping > 0) integer = integer.replace(new RegExp(`\\B(?=(\\d{${grouping}})+(?!\\d))`, "g"), ",");
  const digits = integer + (fraction ? "." + fraction : "");
  const body = digits === "" ? "0" : digits;
  const negative = n < 0 && /[1-9]/.test(body);
  return `${negative ? "-" : ""}${prefix}${body}${suffix}`;
}

function unquote(s: string): string {
  return s.replace(/'([^']*)'/g, (_m, t: string) => (t === "" ? "'" : t));
}

/** Rounds a non-negative number to `places` decimals, half-even on its exact value; [integer, fraction] digits. */
function roundHalfEven(x: number, places: number): [string, string] {
  const exact = x.toFixed(Math.min(100, places + 30));
  const [w, f = ""] = exact.split(".");
  const keep = f.slice(0, places);
  const rest = f.slice(places);
  let digits = w + keep;
  const up = rest[0] > "5" || (rest[0] === "5" && (/[1-9]/.test(rest.slice(1)) || Number(digits[digits.length - 1]) % 2 === 1));
  if (up) digits = increment(digits);
  const split = digits.length - places;
  return [digits.slice(0, split) || "0", digits.slice(split)];
}

function increment(digits: string): string {
  const a = digits.split("");
  let i = a.length - 1;
  while (i >= 0) {
    if (a[i] === "9") {
      a[i] = "0";
      i--;
    } else {
      a[i] = String(Number(a[i]) + 1);
      return a.join("");
    }
  }
  return "1" + a.join("");
}
