import { describe, expect, it } from "vitest";
import { type InputDef, InputProblem, convertInput } from "./input-types";

const def = (type: string, extra: Record<string, unknown> = {}): InputDef => ({ id: "x", type, ...extra });
const problem = (d: InputDef, v: unknown) => {
  try {
    convertInput(d, v);
  } catch (e) {
    if (e instanceof InputProblem) return e.message;
    throw e;
  }
  throw new Error(`accepted ${JSON.stringify(v)}`);
};

describe("convertInput", () => {
  it("STRING: any scalar as text, the validator matching the whole value, (?i) read as Java does", () => {
    expect(convertInput(def("STRING"), 12)).toBe("12");
    expect(convertInput(def("STRING", { validator: "^[a-z]+$" }), "abc")).toBe("abc");
    expect(problem(def("STRING", { validator: "[a-z]+" }), "abc1")).toBe("must match the regular expression [a-z]+");
    expect(convertInput(def("STRING", { validator: "(?i)abc" }), "ABC")).toBe("ABC");
  });

  it("INT and FLOAT: numbers from text, min and max", () => {
    expect(convertInput(def("INT"), "42")).toBe(42);
    expect(problem(def("INT"), "4.2")).toBe('must be an integer, not "4.2"');
    expect(problem(def("INT", { min: 5 }), 3)).toBe("must be at least 5");
    expect(problem(def("INT", { max: 5 }), "6")).toBe("must be at most 5");
    expect(convertInput(def("FLOAT"), "1.5e2")).toBe(150);
    expect(problem(def("FLOAT"), "abc")).toBe('must be a number, not "abc"');
  });

  it("BOOLEAN: true or false only", () => {
    expect(convertInput(def("BOOLEAN"), "TRUE")).toBe(true);
    expect(convertInput(def("BOOLEAN"), false)).toBe(false);
    expect(problem(def("BOOLEAN"), "yes")).toBe('must be true or false, not "yes"');
  });

  it("DATETIME, DATE, TIME: ISO-8601, printed as the orchestrator prints them, with after and before", () => {
    expect(convertInput(def("DATETIME"), "2025-01-31T10:30:00+01:00")).toBe("2025-01-31T09:30:00Z");
    expect(convertInput(def("DATETIME"), "2025-01-31T09:30:00.250Z")).toBe("2025-01-31T09:30:00.250Z");
    expect(problem(def("DATETIME"), "2025-01-31T09:30:00")).toMatch(/with a zone/);
    expect(problem(def("DATETIME", { after: "2025-02-01T00:00:00Z" }), "2025-01-31T09:30:00Z")).toBe("must be after 2025-02-01T00:00:00Z");
    expect(convertInput(def("DATE"), "2024-02-29")).toBe("2024-02-29");
    expect(problem(def("DATE"), "2025-02-29")).toMatch(/ISO-8601 date/);
    expect(problem(def("DATE", { before: "2025-01-01" }), "2025-06-01")).toBe("must be before 2025-01-01");
    expect(convertInput(def("TIME"), "09:30:00")).toBe("09:30");
    expect(convertInput(def("TIME"), "09:30:15.500")).toBe("09:30:15.5");
    expect(problem(def("TIME", { after: "10:00" }), "09:59:59")).toBe("must be after 10:00");
    expect(problem(def("TIME"), "25:00")).toMatch(/ISO-8601 time/);
  });

  it("DURATION: ISO-8601 with min and max", () => {
    expect(convertInput(def("DURATION"), "pt5m")).toBe("PT5M");
    expect(convertInput(def("DURATION"), "P1DT90S")).toBe("PT24H1M30S");
    expect(convertInput(def("DURATION"), "PT0.5S")).toBe("PT0.5S");
    expect(problem(def("DURATION"), "5 minutes")).toMatch(/ISO-8601 duration/);
    expect(problem(def("DURATION", { max: "PT1M" }), "PT2M")).toBe("must be at most PT1M");
    expect(problem(def("DURATION", { min: "PT1M" }), "PT30S")).toBe("must be at least PT1M");
  });

  it("JSON and YAML: parsed from text, objects kept, bad text refused", () => {
    expect(convertInput(def("JSON"), '{"a":[1,2]}')).toEqual({ a: [1, 2] });
    expect(convertInput(def("JSON"), { a: 1 })).toEqual({ a: 1 });
    expect(problem(def("JSON"), "{a")).toMatch(/^must be JSON/);
    expect(convertInput(def("YAML"), "a: 1\nb: [x]")).toEqual({ a: 1, b: ["x"] });
    expect(problem(def("YAML"), "a: [")).toMatch(/^must be YAML/);
  });

  it("URI and EMAIL", () => {
    expect(convertInput(def("URI"), "https://example.com/a?b=c")).toBe("https://example.com/a?b=c");
    expect(problem(def("URI"), "example.com")).toMatch(/with a scheme/);
    expect(convertInput(def("EMAIL"), "ada@example.com")).toBe("ada@example.com");
    expect(problem(def("EMAIL"), "ada@example")).toMatch(/email address/);
  });

  it("SELECT and MULTISELECT: one of the values unless allowCustomValue; the older options too", () => {
    expect(convertInput(def("SELECT", { values: ["a", "b"] }), "b")).toBe("b");
    expect(problem(def("SELECT", { values: ["a", "b"] }), "c")).toBe('must be one of "a", "b", not "c"');
    expect(convertInput(def("SELECT", { values: ["a"], allowCustomValue: true }), "c")).toBe("c");
    expect(convertInput(def("MULTISELECT", { options: ["a", "b"] }), '["a","b"]')).toEqual(["a", "b"]);
    expect(problem(def("MULTISELECT", { values: ["a"] }), ["a", "z"])).toBe('must be one of "a", not "z"');
  });

  it("ARRAY: each item converted to itemType, the bad one named by position", () => {
    expect(convertInput(def("ARRAY", { itemType: "INT" }), "[1, \"2\"]")).toEqual([1, 2]);
    expect(problem(def("ARRAY", { itemType: "INT" }), [1, "x"])).toBe('item 2: must be an integer, not "x"');
    expect(problem(def("ARRAY", { itemType: "STRING" }), "a,b")).toBe("must be a list (or a JSON array)");
  });
});
