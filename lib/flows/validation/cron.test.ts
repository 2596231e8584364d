import { describe, expect, it } from "vitest";
import { cronProblem } from "./cron";

describe("cronProblem", () => {
  it.each(["*/15 * * * *", "30 6 * * *", "0 11 * * 1", "0 9 1,15 */2 0,7", "0 8-18/2 * JAN-MAR MON-FRI", "@hourly", "@daily"])(
    "accepts %s",
    (cron) => expect(cronProblem(cron, false)).toBeUndefined(),
  );

  it("accepts six fields with withSeconds", () => {
    expect(cronProblem("0 30 6 * * *", true)).toBeUndefined();
  });

  it.each([
    ["0 25 * * *", 'invalid hours field "25"'],
    ["60 * * * *", 'invalid minutes field "60"'],
    ["* * 0 * *", 'invalid day of month field "0"'],
    ["* * * 13 *", 'invalid month field "13"'],
    ["* * * * 8", 'invalid day of week field "8"'],
    ["*/0 * * * *", 'invalid minutes field "*/0"'],
    ["5-1 * * * *", 'invalid minutes field "5-1"'],
    ["* * * *", "has 4 fields; expected 5"],
    ["0 30 6 * * *", "has 6 fields; expected 5 (or 6 with withSeconds: true)"],
    ["@sometimes", 'unknown cron nickname "@sometimes"'],
  ])("refuses %s", (cron, message) => {
    expect(cronProblem(cron, false)).toContain(message);
  });
});
