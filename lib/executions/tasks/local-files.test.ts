import { describe, expect, it } from "vitest";
import { globRegExp } from "./local-files";

describe("LocalFiles globs", () => {
  it("* stays in one folder, ** crosses folders, ? is one character", () => {
    expect(globRegExp("*.csv").test("orders.csv")).toBe(true);
    expect(globRegExp("*.csv").test("a/orders.csv")).toBe(false);
    expect(globRegExp("**/*.csv").test("a/b/orders.csv")).toBe(true);
    expect(globRegExp("**/*.csv").test("orders.csv")).toBe(true);
    expect(globRegExp("file?.txt").test("file1.txt")).toBe(true);
    expect(globRegExp("a+b.txt").test("a+b.txt")).toBe(true);
    expect(globRegExp("a+b.txt").test("aab.txt")).toBe(false);
  });
});
