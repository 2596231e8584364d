import { describe, expect, it } from "vitest";
import { covers, lineage, minimalPrefixes } from "./namespaces";

describe("namespace hierarchy", () => {
  it("covers on segment boundaries only", () => {
    expect(covers("company", "company")).toBe(true);
    expect(covers("company", "company.team")).toBe(true);
    expect(covers("company", "company.team.project")).toBe(true);
    expect(covers("company", "companyx")).toBe(false);
    expect(covers("company", "companyx.team")).toBe(false);
    expect(covers("company.team", "company")).toBe(false);
    expect(covers("company.team", "company.teams")).toBe(false);
  });

  it("lists a namespace and its ancestors, nearest first", () => {
    expect(lineage("a.b.c")).toEqual(["a.b.c", "a.b", "a"]);
    expect(lineage("solo")).toEqual(["solo"]);
  });

  it("keeps only prefixes not covered by another", () => {
    expect(minimalPrefixes(["a.b", "a", "c.d", "c.d.e", "cx"])).toEqual(["a", "c.d", "cx"]);
  });
});
