import { describe, expect, it } from "vitest";
import { globRegExp } from "./local-files";

describe("LocalFiles globs", () => {
  it("* stays in one folder, ** crosses folders, ? is one character", () => {
    expect(globRegExp("*.csv").test("orders.csv")).toBe(true);
    expect(globRegExp("*.csv").test("a/orders.csv")).toBe(false);
    expect(globRegExp("**/*.csv").test("a/b/orders.csv")).toBe(true);
    // as java.nio reads it: a folder is needed where the pattern has one
    expect(globRegExp("**/*.csv").test("orders.csv")).toBe(false);
    expect(globRegExp("**.csv").test("a/orders.csv")).toBe(true);
    expect(globRegExp("*.{csv,parquet}").test("x.parquet")).toBe(true);
    expect(globRegExp("*.{csv,parquet}").test("x.json")).toBe(false);
    expect(globRegExp("file[0-9].txt").test("file7.txt")).toBe(true);
    expect(globRegExp("file[!0-9].txt").test("file7.txt")).toBe(false);
    expect(globRegExp("file?.txt").test("file1.txt")).toBe(true);
    expect(globRegExp("a+b.txt").test("a+b.txt")).toBe(true);
    expect(globRegExp("a+b.txt").test("aab.txt")).toBe(false);
  });
});
