import { describe, expect, it } from "vitest";
import { MAX_VALUE_DEPTH, nestedDeeperThan } from "./json-depth";

const nest = (levels: number) => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe("nestedDeeperThan", () => {
  it("counts containers, not scalars", () => {
    expect(nestedDeeperThan(1, 0)).toBe(false);
    expect(nestedDeeperThan("x".repeat(10), 0)).toBe(false);
    expect(nestedDeeperThan({}, 0)).toBe(true);
    expect(nestedDeeperThan({ a: 1 }, 1)).toBe(false);
    expect(nestedDeeperThan({ a: [1] }, 1)).toBe(true);
  });

  it("accepts the limit and refuses one level more", () => {
    expect(nestedDeeperThan(nest(MAX_VALUE_DEPTH))).toBe(false);
    expect(nestedDeeperThan(nest(MAX_VALUE_DEPTH + 1))).toBe(true);
  });

  it("answers for 200,000 levels without overflowing the stack", () => {
    expect(nestedDeeperThan(nest(200_000))).toBe(true);
  });
});
