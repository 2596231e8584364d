import { describe, expect, it } from "vitest";
import { MAX_DURATION_MS, parseDuration, parseIsoDuration } from "./duration";

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

  it("accepts up to 1000 years and refuses anything longer, however it is written", () => {
    expect(parseDuration("365000d")).toBe(MAX_DURATION_MS);
    for (const text of ["365001d", "99999999999999999999d", "9".repeat(400) + "s", "999999999W", "P999999999D", "PT999999999999S"]) {
      expect(parseDuration(text)).toBeNull();
    }
  });
});

describe("parseIsoDuration", () => {
  it.each([
    ["PT1H", 3_600_000],
    ["P1D", 86_400_000],
    ["p1dt2h", 26 * 3_600_000],
    ["P2W", 14 * 86_400_000],
    ["PT1.25S", 1250],
    ["PT0S", 0],
  ])("%s", (text, ms) => expect(parseIsoDuration(text)).toBe(ms));

  it.each(["30d", "1h", "P", "PT", "P1DT", "P1Y", "P1M", "-PT1H", "1H", "PT1H1D"])("refuses %j", (text) =>
    expect(parseIsoDuration(text)).toBeNull(),
  );
});

describe("parseIsoDuration as java.time.Duration reads it (flow validation)", () => {
  const java = { java: true };
  it.each([
    ["PT5M", 300_000],
    ["P1DT2H", 26 * 3_600_000],
    ["PT0.25S", 250],
    ["PT0,25S", 250],
    ["-PT1H", -3_600_000],
    ["+P1D", 86_400_000],
    ["PT-30M", -1_800_000],
    ["-PT-1H", 3_600_000],
  ])("%s", (text, ms) => expect(parseIsoDuration(text, java)).toBe(ms));

  it.each(["P2W", "P", "PT", "-P", "P1DT", "P1Y", "P1M", "5m", "{{ x }}", "PT1.1234567890S"])("refuses %j", (text) =>
    expect(parseIsoDuration(text, java)).toBeNull(),
  );

  it("refuses signs and decimal commas outside the java flavour", () => {
    for (const text of ["-PT1H", "+P1D", "PT-30M", "PT0,25S"]) expect(parseIsoDuration(text)).toBeNull();
  });

  it("keeps the 1000-year bound in both directions", () => {
    expect(parseIsoDuration("P365000D", java)).toBe(MAX_DURATION_MS);
    expect(parseIsoDuration("-P365000D", java)).toBe(-MAX_DURATION_MS);
    expect(parseIsoDuration("P365001D", java)).toBeNull();
    expect(parseIsoDuration("-P365001D", java)).toBeNull();
  });
});
