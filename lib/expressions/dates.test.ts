import { describe, expect, it } from "vitest";
import { out } from "./test-helpers";

// The instant of test-helpers' clock, 2024-03-05T14:07:09.123Z, a Tuesday; expected texts are what
// Java's DateTimeFormatter prints for it (the orchestrator's formatter).
const AT = { at: "2024-03-05T14:07:09.123Z", micro: "2024-03-05T14:07:09.123456Z", day: "2024-03-05", summer: "2013-09-08T16:19:12Z" };

const FORMATS: [string, string][] = [
  ["{{ at | date('yyyy-MM-dd') }}", "2024-03-05"],
  ["{{ at | date(\"yyyy-MM-dd'T'HH:mm:ssX\", timeZone='UTC') }}", "2024-03-05T14:07:09Z"],
  ["{{ at | date('yyyy-MM-dd HH:mm:ss.SSS') }}", "2024-03-05 14:07:09.123"],
  ["{{ at | date(\"EEE, MMM d, ''yy\") }}", "Tue, Mar 5, '24"],
  ["{{ at | date('EEEE d MMMM yyyy') }}", "Tuesday 5 March 2024"],
  ["{{ at | date('h:mm a') }}", "2:07 PM"],
  ["{{ at | date('D w Q') }}", "65 10 1"],
  ["{{ at | date(\"yyyy.MM.dd G 'at' HH:mm:ss z\", timeZone='America/Los_Angeles') }}", "2024.03.05 AD at 06:07:09 PST"],
  ["{{ at | date('HH:mm XXX', timeZone='Asia/Kolkata') }}", "19:37 +05:30"],
  ["{{ at | date('X XX Z ZZZZZ O OOOO', timeZone='Asia/Kolkata') }}", "+0530 +0530 +0530 +05:30 GMT+5:30 GMT+05:30"],
  ["{{ at | date('X xxx', timeZone='UTC') }}", "Z +00:00"],
  ["{{ at }}", "2024-03-05T14:07:09.123Z"],
  ["{{ at | date }}", "2024-03-05T14:07:09.123000Z"],
  ["{{ at | date('iso') }}", "2024-03-05T14:07:09.123000Z"],
  ["{{ at | date('iso_sec') }}", "2024-03-05T14:07:09Z"],
  ["{{ at | date('sql') }}", "2024-03-05 14:07:09.123000"],
  ["{{ at | date('sql_seq') }}", "2024-03-05 14:07:09"],
  ["{{ at | date('iso_local_date') }}", "2024-03-05"],
  ["{{ at | date('iso_local_date_time') }}", "2024-03-05T14:07:09.123"],
  ["{{ at | date('iso_date_time', timeZone='Europe/Paris') }}", "2024-03-05T15:07:09.123+01:00[Europe/Paris]"],
  ["{{ at | date('iso_instant', timeZone='Europe/Paris') }}", "2024-03-05T14:07:09.123Z"],
  ["{{ at | date('iso_ordinal_date') }}", "2024-065Z"],
  ["{{ at | date('iso_week_date') }}", "2024-W10-2Z"],
  ["{{ at | date('rfc_1123_date_time') }}", "Tue, 5 Mar 2024 14:07:09 GMT"],
  ["{{ micro | date('iso') }}", "2024-03-05T14:07:09.123456Z"],
  ["{{ summer | date('yyyy-MM-dd HH:mm z', timeZone='Europe/Paris') }}", "2013-09-08 18:19 CEST"],
  ["{{ day | date('yyyy-MM-dd HH:mm') }}", "2024-03-05 12:00"],
  ["{{ 1378657152 | date('yyyy-MM-dd HH:mm:ss') }}", "2013-09-08 16:19:12"],
  ['{{ "July 24, 2001" | date("yyyy-MM-dd", existingFormat="MMMM dd, yyyy") }}', "2001-07-24"],
  ['{{ "2001-July-24" | date(existingFormat="yyyy-MMMM-d", format="yyyy/MMMM/d") }}', "2001/July/24"],
  ['{{ "05/03/2024 14:07" | date("yyyy-MM-dd\'T\'HH:mm", existingFormat="dd/MM/yyyy HH:mm") }}', "2024-03-05T14:07"],
  ["{{ at | date('dd MMMM yyyy', locale='fr') }}", "05 mars 2024"],
];

const ARITHMETIC: [string, string][] = [
  ["{{ at | dateAdd(-1, 'DAYS') }}", "2024-03-04T14:07:09.123000Z"],
  ["{{ at | dateAdd(-1, 'DAYS') | date('yyyy-MM-dd') }}", "2024-03-04"],
  ["{{ at | dateAdd(2, 'HOURS', format='HH:mm') }}", "16:07"],
  ["{{ '2024-01-31T10:00:00Z' | dateAdd(1, 'MONTHS', format='yyyy-MM-dd') }}", "2024-02-29"],
  ["{{ '2023-01-31T10:00:00Z' | dateAdd(1, 'MONTHS', format='yyyy-MM-dd') }}", "2023-02-28"],
  ["{{ '2023-02-27T10:00:00Z' | dateAdd(3, 'DAYS', format='yyyy-MM-dd') }}", "2023-03-02"],
  ["{{ '2024-02-29T10:00:00Z' | dateAdd(1, 'YEARS', format='yyyy-MM-dd') }}", "2025-02-28"],
  // a day later across the spring change keeps the wall-clock time in the zone
  ["{{ '2024-03-30T12:00:00+01:00' | dateAdd(1, 'DAYS', format='HH:mm XXX', timeZone='Europe/Paris') }}", "12:00 +02:00"],
  ["{{ at | timestamp }}", "1709647629"],
  ["{{ at | timestampMilli }}", "1709647629123"],
  ["{{ micro | timestampMicro }}", "1709647629123456"],
  ["{{ now() | date('yyyy-MM-dd HH:mm') }}", "2024-03-05 14:07"],
  ["{{ now(timeZone='Asia/Tokyo') }}", "2024-03-05T23:07:09.123000+09:00"],
  // the filter shows every date in its own timeZone argument, else the default zone (as the orchestrator's withZone)
  ["{{ now(timeZone='Asia/Tokyo') | date('HH:mm') }}", "14:07"],
  ["{{ now() | date('HH:mm', timeZone='Asia/Tokyo') }}", "23:07"],
];

describe("dates, formatted with Java DateTimeFormatter patterns", () => {
  it.each([...FORMATS, ...ARITHMETIC])("%s", async (template, expected) => {
    expect(await out(template, AT)).toBe(expected);
  });

  it.each([
    ["{{ at | date('yyyy-bb') }}", /unknown pattern letter 'b'/],
    ["{{ at | date('yyyy', timeZone='Mars/Olympus') }}", /unknown time zone "Mars\/Olympus"/],
    ["{{ 'yesterday' | date('yyyy') }}", /not an ISO-8601 date/],
    ["{{ '2024-02-30' | date('yyyy') }}", /invalid day 30 of month 2/],
    ["{{ at | dateAdd(1, 'FORTNIGHTS') }}", /unknown unit "FORTNIGHTS"/],
    ["{{ 100000000000000 | date('yyyy') }}", /the date is out of range/],
    ["{{ at | dateAdd(999999999999, 'YEARS') }}", /the date is out of range/],
    ['{{ "24 July" | date("yyyy", existingFormat="MMMM dd, yyyy") }}', /does not match the format/],
  ])("refuses %s", async (template, message) => {
    await expect(out(template, AT)).rejects.toThrow(message);
  });
});
