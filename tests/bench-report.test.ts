import { describe, expect, it } from "vitest";
import { perResponse, processCpuMs, statCpuTicks } from "@/scripts/bench/cpu";
import { cpuText, medianRatio } from "@/scripts/bench/report";

// The benchmark's ratio to the framework floor when the routes run in rounds: each round's route
// over that same round's floor, then the median, so a machine that slows down between rounds moves
// the route and its floor together.
describe("the ratio to the floor over rounds", () => {
  it("is the median of the rounds' own ratios, not the ratio of the medians", () => {
    // the machine at full speed, then at half, then at full again: the route is half the floor each time
    expect(medianRatio([200, 100, 210], [400, 200, 420])).toBeCloseTo(0.5, 10);
    // the ratio of the medians would be 200 / 400; the rounds' ratios are 0.25, 0.5, 0.75
    expect(medianRatio([100, 200, 300], [400, 400, 400])).toBeCloseTo(0.5, 10);
    expect(medianRatio([90, 300, 100], [100, 400, 400])).toBeCloseTo(0.75, 10);
  });

  it("takes the lower middle round of an even count, and the one round of one", () => {
    expect(medianRatio([100, 300], [400, 400])).toBeCloseTo(0.25, 10);
    expect(medianRatio([123], [456])).toBeCloseTo(123 / 456, 10);
  });
});

describe("CPU per response", () => {
  it("reads user and system time from a /proc stat line, counting fields from the last parenthesis", () => {
    // a command name may hold spaces and parentheses; utime and stime are the 14th and 15th fields
    const line = "4242 (next-server (v16)) S 1 4242 4242 0 -1 4194560 5106 0 0 0 731 129 0 0 20 0 11 0 1234 0 0";
    expect(statCpuTicks(line)).toBe(731 + 129);
    expect(() => statCpuTicks("not a stat line")).toThrow(/stat line/);
  });

  it("reads this process's own CPU time, which grows while it works", () => {
    const before = processCpuMs([process.pid]);
    const end = Date.now() + 150;
    let spin = 0;
    while (Date.now() < end) spin += Math.sqrt(spin + 1);
    expect(spin).toBeGreaterThan(0);
    expect(processCpuMs([process.pid])).toBeGreaterThan(before);
    // a process that is gone counts nothing
    expect(processCpuMs([2 ** 22 + 7])).toBe(0);
  });

  it("divides the time between two readings by the responses, and has none without responses", () => {
    expect(perResponse(1000, 1600, 300)).toBeCloseTo(2, 10);
    expect(perResponse(1000, 1000, 0)).toBeUndefined();
  });

  it("shows the server's time, with PostgreSQL's beside it, and a dash for a run that did not measure it", () => {
    const base = { requests: 500, rps: 100, p50: 1, p99: 2, mean: 1, max: 3, errors: 0, non2xx: 0, bytesPerResponse: 10 };
    expect(cpuText("sqlite", { ...base, serverCpuMs: 2.345, databaseCpuMs: 0 })).toBe("2.35");
    expect(cpuText("postgres", { ...base, serverCpuMs: 2.345, databaseCpuMs: 0.8 })).toBe("2.35 + 0.80");
    expect(cpuText("postgres", base)).toBe("–");
  });
});
