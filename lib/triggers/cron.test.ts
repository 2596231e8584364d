import { describe, expect, it } from "vitest";
import { Schedule } from "./cron";

const at = (iso: string) => new Date(iso);
const dates = (s: Schedule, from: string, n: number) => {
  const out: string[] = [];
  for (let d: Date | null = at(from); out.length < n && d; ) {
    d = s.next(d);
    if (d) out.push(d.toISOString());
  }
  return out;
};

describe("Schedule's cron", () => {
  it("reads five fields, in UTC by default", () => {
    expect(dates(new Schedule({ cron: "*/15 9 * * MON-FRI" }), "2026-01-02T09:20:00Z", 3)).toEqual([
      "2026-01-02T09:30:00.000Z",
      "2026-01-02T09:45:00.000Z",
      "2026-01-05T09:00:00.000Z",
    ]);
  });

  it("reads six fields with withSeconds, and refuses a field count that does not match", () => {
    expect(dates(new Schedule({ cron: "*/20 * * * * *", withSeconds: true }), "2026-01-01T00:00:00Z", 3)).toEqual([
      "2026-01-01T00:00:20.000Z",
      "2026-01-01T00:00:40.000Z",
      "2026-01-01T00:01:00.000Z",
    ]);
    expect(() => new Schedule({ cron: "*/20 * * * * *" })).toThrow(/5 fields/);
    expect(() => new Schedule({ cron: "* * * * *", withSeconds: true })).toThrow(/6 fields/);
  });

  it("knows the nicknames", () => {
    const first = (cron: string) => dates(new Schedule({ cron }), "2026-03-10T10:30:00Z", 1)[0];
    expect(first("@hourly")).toBe("2026-03-10T11:00:00.000Z");
    expect(first("@daily")).toBe("2026-03-11T00:00:00.000Z");
    expect(first("@midnight")).toBe("2026-03-11T00:00:00.000Z");
    expect(first("@weekly")).toBe("2026-03-15T00:00:00.000Z"); // a Sunday
    expect(first("@monthly")).toBe("2026-04-01T00:00:00.000Z");
    expect(first("@yearly")).toBe("2027-01-01T00:00:00.000Z");
    expect(first("@annually")).toBe("2027-01-01T00:00:00.000Z");
  });

  it("takes day of week 7 as Sunday, as 0", () => {
    expect(dates(new Schedule({ cron: "0 0 * * 7" }), "2026-01-01T00:00:00Z", 1)).toEqual(dates(new Schedule({ cron: "0 0 * * 0" }), "2026-01-01T00:00:00Z", 1));
  });

  it("fires once in the hour skipped in spring (Europe/Paris, 29 March 2026)", () => {
    const daily = new Schedule({ cron: "30 2 * * *", timezone: "Europe/Paris" });
    // 02:30 does not exist that night: one date, right after the gap (03:00 CEST = 01:00Z)
    expect(dates(daily, "2026-03-28T12:00:00Z", 2)).toEqual(["2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z"]);
    const hourly = new Schedule({ cron: "0 * * * *", timezone: "Europe/Paris" });
    expect(dates(hourly, "2026-03-28T23:30:00Z", 3)).toEqual(["2026-03-29T00:00:00.000Z", "2026-03-29T01:00:00.000Z", "2026-03-29T02:00:00.000Z"]);
  });

  it("fires once in the hour repeated in autumn (Europe/Paris, 25 October 2026)", () => {
    const daily = new Schedule({ cron: "30 2 * * *", timezone: "Europe/Paris" });
    expect(dates(daily, "2026-10-24T12:00:00Z", 2)).toEqual(["2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z"]);
    // every half hour from 02:00 to 02:59: 02:00 and 02:30 once each, not again in winter time
    const halfHours = new Schedule({ cron: "*/30 2 * * *", timezone: "Europe/Paris" });
    expect(dates(halfHours, "2026-10-24T23:00:00Z", 3)).toEqual(["2026-10-25T00:00:00.000Z", "2026-10-25T00:30:00.000Z", "2026-10-26T01:00:00.000Z"]);
    const hourly = new Schedule({ cron: "0 * * * *", timezone: "Europe/Paris" });
    // 02:00 CEST (00:00Z) fires; 02:00 CET (01:00Z) is the same wall-clock hour again; 03:00 CET is 02:00Z
    expect(dates(hourly, "2026-10-24T23:30:00Z", 2)).toEqual(["2026-10-25T00:00:00.000Z", "2026-10-25T02:00:00.000Z"]);
  });

  it("finds the previous date", () => {
    expect(new Schedule({ cron: "0 9 * * *" }).previous(at("2026-01-02T09:00:00Z"))?.toISOString()).toBe("2026-01-01T09:00:00.000Z");
  });
});
