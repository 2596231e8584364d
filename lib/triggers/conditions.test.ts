import { describe, expect, it } from "vitest";
import { render } from "@/lib/expressions";
import { parseLocalDate, parseOffsetTime, parseZonedDateTime, zonedIso } from "./condition-dates";
import { type Condition, ConditionError, type ConditionExecution, conditionHolds, scheduleConditionsHold, usesKind } from "./conditions";

const C = "io.kestra.plugin.core.condition";
const LEGACY = "io.kestra.core.models.conditions.types";

/** A scope whose `trigger.date` is `date`, rendered by the real expression engine. */
const at = (date: string, execution?: ConditionExecution, extra: Record<string, unknown> = {}) => ({
  render: async (t: string) => (await render(t, { trigger: { date }, ...extra })).output,
  execution,
});
const holds = (c: Condition, date: string, execution?: ConditionExecution) => conditionHolds(c, at(date, execution));
const error = async (c: Condition, date: string, execution?: ConditionExecution) => {
  try {
    await holds(c, date, execution);
  } catch (e) {
    expect(e).toBeInstanceOf(ConditionError);
    return (e as Error).message;
  }
  throw new Error("expected a ConditionError");
};

describe("date conditions", () => {
  it("DayWeek reads the day of the date as written, in its own offset", async () => {
    const monday = { type: `${C}.DayWeek`, dayOfWeek: "MONDAY" };
    expect(await holds(monday, "2025-11-03T00:00:00+01:00")).toBe(true);
    // the same instant in UTC is a Sunday
    expect(await holds(monday, "2025-11-02T23:00:00Z")).toBe(false);
    expect(await holds(monday, "2025-11-03")).toBe(true);
    expect(await holds({ type: `${LEGACY}.DayWeekCondition`, dayOfWeek: "SUNDAY" }, "2025-11-02T23:00:00Z")).toBe(true);
    // an explicit date, rendered
    expect(await holds({ ...monday, date: "{{ '2025-11-04T10:00:00Z' }}" }, "2025-11-03")).toBe(false);
  });

  it("DayWeek says what is wrong with a date it cannot read or a day it does not know", async () => {
    expect(await error({ type: `${C}.DayWeek`, dayOfWeek: "MONDAY" }, "next monday")).toMatch(/date "next monday" is not an ISO-8601 date/);
    expect(await error({ type: `${C}.DayWeek`, dayOfWeek: "MONDAY" }, "2025-02-30")).toMatch(/invalid day 30 for month 2/);
    expect(await error({ type: `${C}.DayWeek`, dayOfWeek: "monday" }, "2025-11-03")).toMatch(/"dayOfWeek" is "monday": must be one of MONDAY, /);
    expect(await error({ type: `${C}.DayWeek` }, "2025-11-03")).toMatch(/missing required property "dayOfWeek"/);
    // a date-time without an offset is not a ZonedDateTime
    expect(await error({ type: `${C}.DayWeek`, dayOfWeek: "MONDAY" }, "2025-11-03T10:00:00")).toMatch(/not an ISO-8601 date/);
    // `trigger.date` undefined (a webhook has none): the render error is named
    const noDate = { render: async (t: string) => (await render(t, { trigger: {} })).output };
    await expect(conditionHolds({ type: `${C}.Weekend` }, noDate)).rejects.toThrow(/Weekend: "date" cannot be rendered/);
  });

  it("DayWeekInMonth finds the first, second, third, fourth and last day of the week of the month", async () => {
    const c = (dayInMonth: string, dayOfWeek = "MONDAY") => ({ type: `${C}.DayWeekInMonth`, dayOfWeek, dayInMonth });
    // Mondays of September 2025: 1, 8, 15, 22, 29
    expect(await holds(c("FIRST"), "2025-09-01T11:00:00Z")).toBe(true);
    expect(await holds(c("FIRST"), "2025-09-08T11:00:00Z")).toBe(false);
    expect(await holds(c("SECOND"), "2025-09-08T11:00:00Z")).toBe(true);
    expect(await holds(c("THIRD"), "2025-09-15T11:00:00Z")).toBe(true);
    expect(await holds(c("FOURTH"), "2025-09-22T11:00:00Z")).toBe(true);
    expect(await holds(c("LAST"), "2025-09-29T11:00:00Z")).toBe(true);
    expect(await holds(c("LAST"), "2025-09-22T11:00:00Z")).toBe(false);
    // a fifth Monday is the last, not the fourth
    expect(await holds(c("FOURTH"), "2025-09-29T11:00:00Z")).toBe(false);
    // not a Monday at all
    expect(await holds(c("FIRST"), "2025-09-02T11:00:00Z")).toBe(false);
    // leap February: the last Thursday of 2024-02 is the 29th
    expect(await holds(c("LAST", "THURSDAY"), "2024-02-29")).toBe(true);
    // both are rendered properties
    expect(await holds({ type: `${C}.DayWeekInMonth`, dayOfWeek: "{{ 'MONDAY' }}", dayInMonth: "{{ 'FIRST' }}" }, "2025-09-01")).toBe(true);
    expect(await error(c("FIFTH"), "2025-09-01")).toMatch(/"dayInMonth" is "FIFTH": must be one of FIRST, SECOND, THIRD, FOURTH, LAST/);
  });

  it("Weekend holds on Saturdays and Sundays of the date's own calendar", async () => {
    const weekend = { type: `${C}.Weekend` };
    expect(await holds(weekend, "2025-11-01T10:00:00Z")).toBe(true);
    expect(await holds(weekend, "2025-11-02T10:00:00Z")).toBe(true);
    expect(await holds(weekend, "2025-11-03T10:00:00Z")).toBe(false);
    // Saturday 00:30 in Tokyo is still Friday in UTC
    expect(await holds(weekend, "2025-11-01T00:30:00+09:00")).toBe(true);
    expect(await holds(weekend, "2025-10-31T15:30:00Z")).toBe(false);
  });

  it("TimeBetween compares times with offsets as instants, strictly", async () => {
    const between = { type: `${C}.TimeBetween`, after: "16:00:00+02:00", before: "20:00:00+02:00" };
    expect(await holds(between, "2025-06-01T17:00:00+02:00")).toBe(true);
    // the same instant written in UTC
    expect(await holds(between, "2025-06-01T15:00:00Z")).toBe(true);
    expect(await holds(between, "2025-06-01T13:59:59Z")).toBe(false);
    // the bounds themselves are outside
    expect(await holds(between, "2025-06-01T14:00:00Z")).toBe(false);
    expect(await holds(between, "2025-06-01T18:00:00Z")).toBe(false);
    expect(await holds({ type: `${C}.TimeBetween`, after: "09:00Z" }, "2025-06-01T09:00:01Z")).toBe(true);
    expect(await holds({ type: `${C}.TimeBetween`, before: "09:00:00Z" }, "2025-06-01T09:00:01Z")).toBe(false);
    expect(await error({ type: `${C}.TimeBetween` }, "2025-06-01T09:00:00Z")).toMatch(/give "after", "before" or both/);
    expect(await error({ type: `${C}.TimeBetween`, after: "16:00" }, "2025-06-01T09:00:00Z")).toMatch(/"after" "16:00" is not an ISO-8601 time with an offset/);
    expect(await error({ type: `${C}.TimeBetween`, after: "25:00:00Z" }, "2025-06-01T09:00:00Z")).toMatch(/invalid time of day/);
  });

  it("TimeBetween across a DST change: the trigger's local time moves with the offset", async () => {
    // Europe/Paris goes from +01:00 to +02:00 on 2025-03-30; a 09:00 local schedule is 08:00Z then 07:00Z
    const morning = { type: `${C}.TimeBetween`, after: "08:30:00+01:00", before: "09:30:00+01:00" };
    const before = zonedIso(new Date("2025-03-29T08:00:00Z"), "Europe/Paris");
    const after = zonedIso(new Date("2025-03-30T07:00:00Z"), "Europe/Paris");
    expect(before).toBe("2025-03-29T09:00:00.000+01:00");
    expect(after).toBe("2025-03-30T09:00:00.000+02:00");
    expect(await holds(morning, before)).toBe(true);
    // 09:00+02:00 is 08:00+01:00: before the window written in +01:00
    expect(await holds(morning, after)).toBe(false);
    expect(await holds({ ...morning, after: "08:30:00+02:00", before: "09:30:00+02:00" }, after)).toBe(true);
  });

  it("DateTimeBetween includes its bounds and compares instants", async () => {
    const year = { type: `${C}.DateTimeBetween`, after: "2025-01-01T00:00:00Z", before: "2025-12-31T23:59:59Z" };
    expect(await holds(year, "2025-01-01T00:00:00Z")).toBe(true);
    expect(await holds(year, "2025-12-31T23:59:59Z")).toBe(true);
    expect(await holds(year, "2026-01-01T00:30:00+01:00")).toBe(true);
    expect(await holds(year, "2024-12-31T23:59:59Z")).toBe(false);
    expect(await holds({ type: `${C}.DateTimeBetween`, after: "2025-06-01T00:00:00+02:00[Europe/Paris]" }, "2025-05-31T22:00:00Z")).toBe(true);
    expect(await error({ type: `${C}.DateTimeBetween` }, "2025-01-01T00:00:00Z")).toMatch(/give "after", "before" or both/);
    expect(await error({ type: `${C}.DateTimeBetween`, after: "2025-01-01" }, "2025-01-01T00:00:00Z")).toMatch(/"after" "2025-01-01" is not an ISO-8601 date-time with an offset/);
  });

  it("PublicHoliday reads the calendars of a country and its subdivisions", async () => {
    const fr = { type: `${C}.PublicHoliday`, country: "FR" };
    expect(await holds(fr, "2025-07-14T11:00:00+02:00")).toBe(true);
    expect(await holds(fr, "2025-07-15T11:00:00+02:00")).toBe(false);
    // Epiphany is a holiday in Bavaria, not in Berlin nor in Germany as a whole
    expect(await holds({ type: `${C}.PublicHoliday`, country: "DE", subDivision: "BY" }, "2025-01-06")).toBe(true);
    expect(await holds({ type: `${C}.PublicHoliday`, country: "DE", subDivision: "DE-BY" }, "2025-01-06")).toBe(true);
    expect(await holds({ type: `${C}.PublicHoliday`, country: "DE", subDivision: "BE" }, "2025-01-06")).toBe(false);
    expect(await holds({ type: `${C}.PublicHoliday`, country: "DE" }, "2025-01-06")).toBe(false);
    // observances are not holidays
    expect(await holds({ type: `${C}.PublicHoliday`, country: "US" }, "2025-02-14")).toBe(false);
    expect(await holds({ type: `${C}.PublicHoliday`, country: "{{ 'us' }}" }, "2025-07-04")).toBe(true);
    expect(await error({ type: `${C}.PublicHoliday`, country: "XX" }, "2025-07-04")).toMatch(/unknown country "XX"/);
  });
});

describe("combining conditions", () => {
  it("Not holds when none of its conditions holds; Or when one does; they nest", async () => {
    const workday = { type: `${C}.Not`, conditions: [{ type: `${C}.PublicHoliday`, country: "FR" }, { type: `${C}.Weekend` }] };
    expect(await holds(workday, "2025-07-15T09:00:00+02:00")).toBe(true);
    expect(await holds(workday, "2025-07-14T09:00:00+02:00")).toBe(false);
    expect(await holds(workday, "2025-07-12T09:00:00+02:00")).toBe(false);
    const monOrSun = { type: `${C}.Or`, conditions: [{ type: `${C}.DayWeek`, dayOfWeek: "MONDAY" }, { type: `${LEGACY}.DayWeekCondition`, dayOfWeek: "SUNDAY" }] };
    expect(await holds(monOrSun, "2025-11-02")).toBe(true);
    expect(await holds(monOrSun, "2025-11-03")).toBe(true);
    expect(await holds(monOrSun, "2025-11-04")).toBe(false);
    expect(await holds({ type: `${LEGACY}.NotCondition`, conditions: [monOrSun] }, "2025-11-04")).toBe(true);
    expect(await error({ type: `${C}.Or`, conditions: [] }, "2025-11-04")).toMatch(/"conditions" must be a non-empty list/);
  });

  it("a Schedule evaluates its date conditions and ignores those on an upstream execution", async () => {
    const scope = at("2025-11-03T11:00:00Z");
    expect(await scheduleConditionsHold([{ type: `${C}.DayWeek`, dayOfWeek: "MONDAY" }, { type: `${C}.ExecutionStatus`, in: ["FAILED"] }], scope)).toBe(true);
    expect(await scheduleConditionsHold([{ type: `${C}.DayWeek`, dayOfWeek: "MONDAY" }, { type: `${C}.Weekend` }], scope)).toBe(false);
    expect(await scheduleConditionsHold([{ type: `${C}.ExpressionCondition`, expression: "{{ trigger.date | date('HH') == '11' }}" }], scope)).toBe(true);
    // nested in Not, an execution condition cannot be read on a schedule: the message says so
    await expect(scheduleConditionsHold([{ type: `${C}.Not`, conditions: [{ type: `${C}.ExecutionLabels`, labels: { a: "b" } }] }], scope)).rejects.toThrow(
      /ExecutionLabels reads the execution a Flow trigger hears of/,
    );
  });
});

describe("execution conditions", () => {
  const execution = (over: Partial<ConditionExecution> = {}): ConditionExecution => ({
    namespace: "company.team",
    flowId: "extract",
    state: "FAILED",
    labels: [{ key: "owner", value: "john.doe" }, { key: "env", value: "prod" }],
    ...over,
  });

  it("ExecutionLabels holds when every given label is on the execution, map or list form", async () => {
    expect(await holds({ type: `${C}.ExecutionLabels`, labels: { owner: "john.doe", env: "prod" } }, "", execution())).toBe(true);
    expect(await holds({ type: `${C}.ExecutionLabels`, labels: [{ key: "env", value: "prod" }] }, "", execution())).toBe(true);
    expect(await holds({ type: `${C}.ExecutionLabels`, labels: { env: "dev" } }, "", execution())).toBe(false);
    expect(await holds({ type: `${C}.ExecutionLabels`, labels: { team: "data" } }, "", execution())).toBe(false);
    expect(await holds({ type: `${C}.ExecutionLabels`, labels: { env: "prod" } }, "", execution({ labels: [] }))).toBe(false);
  });

  it("HasRetryAttempt looks at the attempts of task runs tried more than once, with in and notIn", async () => {
    const retried = execution({ attemptStates: async () => [["SUCCESS"], ["FAILED", "FAILED", "SUCCESS"]] });
    const once = execution({ attemptStates: async () => [["FAILED"], ["SUCCESS"]] });
    expect(await holds({ type: `${C}.HasRetryAttempt`, in: ["FAILED"] }, "", retried)).toBe(true);
    expect(await holds({ type: `${C}.HasRetryAttempt`, in: ["FAILED"] }, "", once)).toBe(false);
    expect(await holds({ type: `${C}.HasRetryAttempt`, in: ["KILLED"] }, "", retried)).toBe(false);
    expect(await holds({ type: `${C}.HasRetryAttempt`, in: ["FAILED"], notIn: ["FAILED"] }, "", retried)).toBe(false);
    // no `in`: nothing is admitted, as the orchestrator documents
    expect(await holds({ type: `${C}.HasRetryAttempt`, notIn: ["SUCCESS"] }, "", retried)).toBe(false);
    expect(await holds({ type: `${C}.HasRetryAttempt`, in: "{{ ['SUCCESS'] | json }}" }, "", retried)).toBe(true);
    expect(await error({ type: `${C}.HasRetryAttempt`, in: "{{ 'FAILED' }}" }, "", retried)).toMatch(/"in" must be a list of states/);
  });

  it("Or over execution conditions", async () => {
    const c = { type: `${C}.Or`, conditions: [{ type: `${C}.ExecutionFlow`, namespace: "company.team", flowId: "load" }, { type: `${C}.ExecutionStatus`, in: ["FAILED"] }] };
    expect(await holds(c, "", execution())).toBe(true);
    expect(await holds(c, "", execution({ state: "SUCCESS" }))).toBe(false);
  });

  it("usesKind finds a kind nested in Not and Or", () => {
    expect(usesKind([{ type: `${C}.Not`, conditions: [{ type: `${LEGACY}.HasRetryAttemptCondition` }] }], "HasRetryAttempt")).toBe(true);
    expect(usesKind([{ type: `${C}.Weekend` }], "HasRetryAttempt")).toBe(false);
  });
});

describe("dates as java.time reads them", () => {
  it("parses dates, date-times with offsets and zones, and times with offsets", () => {
    expect(parseLocalDate("2025-11-03")).toEqual({ year: 2025, month: 11, day: 3, dayOfWeek: 1 });
    expect(parseZonedDateTime("2025-11-03T00:00+01:00[Europe/Paris]").epochMs).toBe(Date.parse("2025-11-02T23:00:00Z"));
    expect(parseZonedDateTime("2025-11-03T10:00:00.250Z").epochMs).toBe(Date.parse("2025-11-03T10:00:00.250Z"));
    expect(() => parseZonedDateTime("2025-11-03T10:00:00+19:00")).toThrow(/invalid offset/);
    expect(() => parseZonedDateTime("2025-11-03T10:00:00+01:00[Mars/Olympus]")).toThrow(/unknown time zone Mars\/Olympus/);
    expect(parseOffsetTime("16:00:00+02:00", "t").comparable).toBe(parseOffsetTime("14:00Z", "t").comparable);
  });

  it("writes a schedule's date in its time zone, across DST and in UTC", () => {
    expect(zonedIso(new Date("2025-10-26T00:30:00Z"), "Europe/Paris")).toBe("2025-10-26T02:30:00.000+02:00");
    expect(zonedIso(new Date("2025-10-26T01:30:00Z"), "Europe/Paris")).toBe("2025-10-26T02:30:00.000+01:00");
    expect(zonedIso(new Date("2025-10-26T01:30:00Z"), "America/New_York")).toBe("2025-10-25T21:30:00.000-04:00");
    expect(zonedIso(new Date("2025-10-26T01:30:00Z"), undefined)).toBe("2025-10-26T01:30:00.000Z");
  });
});
