import Holidays from "date-holidays";
import { ConditionError, type LocalDate } from "./condition-dates";

// Public holidays for the PublicHoliday condition, from date-holidays (its calendars ship inside
// the package: nothing is downloaded). The orchestrator counts official holidays; here the
// "public" and "bank" ones, not observances (Mother's Day) or optional days.

const COUNTED = new Set(["public", "bank"]);
const cache = new Map<string, Set<string>>();

/** The region of the process's default locale (en-US: US), which the orchestrator uses when `country` is not set. */
export function defaultCountry(): string | null {
  try {
    return new Intl.Locale(Intl.DateTimeFormat().resolvedOptions().locale).maximize().region ?? null;
  } catch {
    return null;
  }
}

/** The holidays of one country (and subdivision) in one year, as YYYY-MM-DD dates. */
function holidaysOf(country: string, subDivision: string | undefined, year: number): Set<string> {
  const key = `${country}|${subDivision ?? ""}|${year}`;
  let dates = cache.get(key);
  if (!dates) {
    const calendar = new Holidays();
    if (!calendar.getCountries()[country]) throw new ConditionError(`PublicHoliday: unknown country "${country}": use an ISO 3166-1 alpha-2 code such as FR or US`);
    // an ISO 3166-2 code (DE-BY) or its subdivision part (BY); one the calendar does not know counts the country's holidays, as the orchestrator does
    const sub = subDivision?.toUpperCase().replace(new RegExp(`^${country}-`), "");
    if (sub && calendar.getStates(country)?.[sub]) calendar.init(country, sub);
    else calendar.init(country);
    dates = new Set(calendar.getHolidays(year).filter((h) => COUNTED.has(h.type)).map((h) => h.date.slice(0, 10)));
    cache.set(key, dates);
  }
  return dates;
}

/** Whether a local date is a public holiday of the country (ISO 3166-1 alpha-2) and, when given, subdivision. */
export function isPublicHoliday(date: LocalDate, country: string | undefined, subDivision?: string): boolean {
  const code = (country ?? defaultCountry() ?? "").trim().toUpperCase();
  if (!code) throw new ConditionError('PublicHoliday: no "country" given and the server\'s default locale names no country');
  const iso = `${String(date.year).padStart(4, "0")}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;
  return holidaysOf(code, subDivision?.trim() || undefined, date.year).has(iso);
}
