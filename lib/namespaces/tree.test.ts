import { describe, expect, it } from "vitest";
import { buildNamespaceTree, flattenTree } from "./tree";

const simplify = (nodes: ReturnType<typeof buildNamespaceTree>): unknown =>
  nodes.map((n) => [n.label, n.flows, n.explicit, simplify(n.children)]);

describe("namespace tree", () => {
  it("nests by segment and rolls flow counts up to ancestors", () => {
    const tree = buildNamespaceTree([
      { name: "company", explicit: true, flows: 1 },
      { name: "company.team", explicit: false, flows: 2 },
      { name: "company.team.project", explicit: false, flows: 3 },
      { name: "company.other", explicit: true, flows: 0 },
      { name: "companyx", explicit: false, flows: 4 },
    ]);
    expect(simplify(tree)).toEqual([
      ["company", 6, true, [["other", 0, true, []], ["team", 5, false, [["project", 3, false, []]]]]],
      ["companyx", 4, false, []],
    ]);
  });

  it("fills in implicit ancestors under a readable namespace", () => {
    const tree = buildNamespaceTree([
      { name: "a", explicit: true, flows: 0 },
      { name: "a.b.c", explicit: false, flows: 2 },
    ]);
    expect(simplify(tree)).toEqual([["a", 2, true, [["b", 2, false, [["c", 2, false, []]]]]]]);
  });

  it("never shows an ancestor the user cannot read: the readable namespace becomes a root", () => {
    const tree = buildNamespaceTree([{ name: "company.team", explicit: false, flows: 2 }]);
    expect(tree.map((n) => n.label)).toEqual(["company.team"]);
  });

  it("adds the ancestors the user may read, as implicit namespaces", () => {
    const entries = [
      { name: "company.team.etl", explicit: false, flows: 2 },
      { name: "other.x", explicit: true, flows: 0 },
    ];
    const readable = (ns: string) => ns === "company" || ns.startsWith("company.");
    expect(simplify(buildNamespaceTree(entries, readable))).toEqual([
      ["company", 2, false, [["team", 2, false, [["etl", 2, false, []]]]]],
      ["other.x", 0, true, []],
    ]);
  });

  it("flattens in display order with depths", () => {
    const flat = flattenTree(
      buildNamespaceTree([
        { name: "b", explicit: true, flows: 1 },
        { name: "a.x", explicit: false, flows: 2 },
        { name: "a", explicit: true, flows: 0 },
      ]),
    );
    expect(flat.map((n) => [n.name, n.label, n.depth, n.flows])).toEqual([
      ["a", "a", 0, 2],
      ["a.x", "x", 1, 2],
      ["b", "b", 0, 1],
    ]);
  });
});
