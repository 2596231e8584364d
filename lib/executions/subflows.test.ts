import { describe, expect, it } from "vitest";
import { batchesOf } from "./subflows";

// How ForEachItem cuts its items into batches: by rows (1 by default), by bytes, or into partitions;
// records end at the separator and are never cut.

const text = "a\nbb\nccc\ndddd\neeeee\n";

describe("batchesOf", () => {
  it("takes `rows` records per batch, the last one shorter; a missing final separator loses nothing", () => {
    expect(batchesOf(text, { rows: 2, separator: "\n" })).toEqual([["a", "bb"], ["ccc", "dddd"], ["eeeee"]]);
    expect(batchesOf("a\nbb\nccc", { rows: 2, separator: "\n" })).toEqual([["a", "bb"], ["ccc"]]);
    expect(batchesOf(text, { separator: "\n" })).toHaveLength(5);
  });

  it("cuts into `partitions` batches of nearly equal size", () => {
    expect(batchesOf(text, { partitions: 2, separator: "\n" })).toEqual([["a", "bb", "ccc"], ["dddd", "eeeee"]]);
    expect(batchesOf("a\n", { partitions: 3, separator: "\n" })).toEqual([["a"]]);
  });

  it("fills batches up to `bytes` (records with their separator), a larger record alone", () => {
    expect(batchesOf(text, { bytes: "7", separator: "\n" })).toEqual([["a", "bb"], ["ccc"], ["dddd"], ["eeeee"]]);
    expect(batchesOf("x".repeat(2000) + "\ny\n", { bytes: "1KB", separator: "\n" })).toEqual([["x".repeat(2000)], ["y"]]);
    expect(() => batchesOf(text, { bytes: "lots", separator: "\n" })).toThrow('batch.bytes: "lots" is not a size (e.g. 10MB)');
  });

  it("splits at another separator; an empty file makes no batch", () => {
    expect(batchesOf("a;b;c", { rows: 2, separator: ";" })).toEqual([["a", "b"], ["c"]]);
    expect(batchesOf("", { rows: 1, separator: "\n" })).toEqual([]);
  });
});
