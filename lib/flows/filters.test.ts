import { describe, expect, it } from "vitest";
import {
  emptyFlowFilters,
  hasActiveFilters,
  nextSort,
  paramsFromRecord,
  parseLabelFilter,
  readFlowFilters,
  writeFlowFilters,
} from "./filters";

describe("label filters", () => {
  it("split on the first colon, trimming both sides", () => {
    expect(parseLabelFilter("env:prod")).toEqual({ key: "env", value: "prod" });
    expect(parseLabelFilter(" team : data eng ")).toEqual({ key: "team", value: "data eng" });
    expect(parseLabelFilter("url:http://x:8080")).toEqual({ key: "url", value: "http://x:8080" });
    expect(parseLabelFilter("empty:")).toEqual({ key: "empty", value: "" });
  });

  it("refuse text without a key", () => {
    expect(parseLabelFilter("prod")).toBeNull();
    expect(parseLabelFilter(":prod")).toBeNull();
    expect(parseLabelFilter("  :prod")).toBeNull();
  });
});

describe("flow filters in the URL", () => {
  it("read every filter, repeated labels included", () => {
    const f = readFlowFilters(new URLSearchParams("q=xyz&namespace=a.b&label=env:prod&label=team:data&sort=-updated&page=3"));
    expect(f).toEqual({ q: "xyz", namespace: "a.b", labels: ["env:prod", "team:data"], sort: "-updated", page: 3 });
  });

  it("fall back to defaults for what they cannot understand", () => {
    const f = readFlowFilters(new URLSearchParams("sort=size&page=-2&label=nokey&label=env:prod&label=env:prod"));
    expect(f).toEqual({ ...emptyFlowFilters, labels: ["env:prod"] });
    expect(readFlowFilters(new URLSearchParams("page=1.5")).page).toBe(1);
  });

  it("write only what differs from the defaults and keep other parameters", () => {
    const base = new URLSearchParams("tab=flows&q=old");
    expect(writeFlowFilters({ ...emptyFlowFilters, q: "new", labels: ["env:prod"] }, base).toString()).toBe(
      "tab=flows&q=new&label=env%3Aprod",
    );
    expect(writeFlowFilters(emptyFlowFilters).toString()).toBe("");
  });

  it("round-trip through the URL", () => {
    const f = { q: "a b", namespace: "company", labels: ["k:v:w"], sort: "id" as const, page: 2 };
    expect(readFlowFilters(writeFlowFilters(f))).toEqual(f);
  });

  it("read a page's searchParams record", () => {
    const p = paramsFromRecord({ q: "x", label: ["a:1", "b:2"], tab: undefined });
    expect(readFlowFilters(p)).toMatchObject({ q: "x", labels: ["a:1", "b:2"] });
  });

  it("tell whether anything narrows the list", () => {
    expect(hasActiveFilters({ ...emptyFlowFilters, page: 4, sort: "id" })).toBe(false);
    expect(hasActiveFilters({ ...emptyFlowFilters, labels: ["a:b"] })).toBe(true);
  });
});

describe("column sorting", () => {
  it("sorts by a new column, then reverses it", () => {
    expect(nextSort("namespace", "id")).toBe("id");
    expect(nextSort("id", "id")).toBe("-id");
    expect(nextSort("-id", "id")).toBe("id");
    expect(nextSort("namespace", "updated")).toBe("-updated");
    expect(nextSort("-updated", "updated")).toBe("updated");
  });
});
