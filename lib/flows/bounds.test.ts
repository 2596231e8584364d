import { describe, expect, it } from "vitest";
import { countTypeKeys } from "./bounds";
import { declaredNamespace } from "./validation";

describe("countTypeKeys", () => {
  it("counts type keys in block, flow and JSON style, plain or quoted", () => {
    const block = "tasks:\n  - id: a\n    type: x.A\n  - type: x.B\n    id: b\n  - 'type': x.C\n";
    expect(countTypeKeys(block)).toBe(3);
    expect(countTypeKeys('{"tasks":[{"id":"a","type":"x"},{"type":"y"}]}')).toBe(2);
    expect(countTypeKeys("tasks: [{id: a, type: x}, {type: y, id: b}]")).toBe(2);
  });

  it("does not count keys that merely end in type", () => {
    expect(countTypeKeys("contentType: a\nsubtype: b\ntypes: c\n")).toBe(0);
  });
});

describe("declaredNamespace", () => {
  it("reads the top-level namespace, plain or quoted, with a comment", () => {
    expect(declaredNamespace("id: f\nnamespace: company.team\n")).toBe("company.team");
    expect(declaredNamespace("id: f\nnamespace: 'a.b' # where\n")).toBe("a.b");
    expect(declaredNamespace('namespace: "a"\nid: f')).toBe("a");
  });

  it("ignores nested and unusual spellings (the check after parsing covers them)", () => {
    expect(declaredNamespace("id: f\ntasks:\n  - namespace: x\n")).toBeUndefined();
    expect(declaredNamespace('{"id":"f","namespace":"a"}')).toBeUndefined();
    expect(declaredNamespace("namespace: 'a\"\n")).toBeUndefined();
  });
});
