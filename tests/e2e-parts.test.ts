import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { partOf, specsOfPart } from "../e2e/support/parts";

describe("the Playwright suite's parts (npm test splits the SQLite run in five, taken by whichever lane is free)", () => {
  const all = fs.readdirSync("e2e").filter((f) => f.endsWith(".spec.ts")).sort();

  it.each([1, 2, 3, 4, 5])("%i parts take every spec exactly once", (n) => {
    const parts = Array.from({ length: n }, (_, i) => specsOfPart(i + 1, n));
    expect(parts.flat().sort()).toEqual(all);
    for (const p of parts) expect(p.length).toBeGreaterThan(0);
  });

  it("reads E2E_PART and refuses what it cannot mean", () => {
    expect(partOf(undefined)).toBeNull();
    expect(partOf("2/3")).toEqual([2, 3]);
    for (const bad of ["0/2", "3/2", "1", "a/b", "1/0"]) expect(() => partOf(bad)).toThrow("E2E_PART must be k/n");
  });
});
