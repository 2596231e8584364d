import { describe, expect, it } from "vitest";
import { medianRatio } from "@/scripts/bench/report";

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
