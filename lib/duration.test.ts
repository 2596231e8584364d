import { describe, expect, it } from "vitest";
import { parseDuration } from "./duration";

describe("parseDuration", () => {
  it.each([
    ["30d", 30 * 86_400_000],
    ["12h", 12 * 3_600_000],
    ["15m", 15 * 60_000],
    ["45s", 45_000],
    ["2w", 14 * 86_400_000],
    ["P30D", 30 * 86_400_000],
    ["PT1H30M", 90 * 60_000],
    ["PT0.5S", 500],
    ["P1DT2H", 26 * 3_600_000],
  ])("%s", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["", "P", "PT", "30", "thirty days", "1y", "-5d", "P1DT"])("refuses %j", (text) =>
    expect(parseDuration(text)).toBeNull(),
  );
});
