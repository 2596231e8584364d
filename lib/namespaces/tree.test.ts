import { describe, expect, it } from "vitest";
import { ancestorsOf, buildNamespaceTree, findNamespace, flattenTree } from "./tree";

const simplify = (nodes: ReturnType<typeof buildNamespaceTree>): unknown =>
  nodes.map((n) => [n.label, n.totalFlows, n.explicit, simplify(n.children)]);

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
    expect(flat.map((n) => [n.name, n.label, n.depth, n.totalFlows])).toEqual([
      ["a", "a", 0, 2],
      ["a.x", "x", 1, 2],
      ["b", "b", 0, 1],
    ]);
  });

  it("keeps each namespace's own flows apart from the total with its descendants", () => {
    const tree = buildNamespaceTree([
      { name: "a", explicit: true, flows: 1 },
      { name: "a.b", explicit: true, flows: 2 },
      { name: "a.b.c", explicit: false, flows: 4 },
    ]);
    expect(findNamespace(tree, "a")).toMatchObject({ ownFlows: 1, totalFlows: 7 });
    expect(findNamespace(tree, "a.b")).toMatchObject({ ownFlows: 2, totalFlows: 6 });
    expect(findNamespace(tree, "a.b.c")).toMatchObject({ ownFlows: 4, totalFlows: 4 });
  });
});

describe("namespace tree with every ancestor shown (the binding form's picker)", () => {
  const all = () => true;

  it("nests dotted names on segment boundaries and sorts siblings", () => {
    const tree = buildNamespaceTree(
      [
        { name: "companyx", explicit: false, flows: 1 },
        { name: "company.team.project", explicit: false, flows: 2 },
        { name: "company", explicit: true, flows: 0 },
        { name: "company.alpha", explicit: false, flows: 3 },
      ],
      all,
    );
    expect(simplify(tree)).toEqual([
      ["company", 5, true, [["alpha", 3, false, []], ["team", 2, false, [["project", 2, false, []]]]]],
      ["companyx", 1, false, []],
    ]);
  });

  it("creates unlisted parents and counts flows including descendants", () => {
    const tree = buildNamespaceTree(
      [
        { name: "a.b.c", explicit: false, flows: 2 },
        { name: "a.b", explicit: true, flows: 1 },
        { name: "a.d", explicit: false, flows: 4 },
      ],
      all,
    );
    expect(findNamespace(tree, "a")).toMatchObject({ label: "a", listed: false, explicit: false, ownFlows: 0, totalFlows: 7 });
    expect(findNamespace(tree, "a.b")).toMatchObject({ label: "b", listed: true, explicit: true, ownFlows: 1, totalFlows: 3 });
    expect(findNamespace(tree, "a.b.c")).toMatchObject({ label: "c", ownFlows: 2, totalFlows: 2, children: [] });
  });

  it("is empty for no namespaces and adds up duplicates", () => {
    expect(buildNamespaceTree([], all)).toEqual([]);
    const tree = buildNamespaceTree(
      [
        { name: "x", explicit: true, flows: 0 },
        { name: "x", explicit: false, flows: 2 },
      ],
      all,
    );
    expect(tree).toHaveLength(1);
    expect(tree[0]).toMatchObject({ explicit: true, ownFlows: 2, totalFlows: 2 });
  });
});

describe("ancestorsOf and findNamespace", () => {
  it("lists strict ancestors outermost first", () => {
    expect(ancestorsOf("a.b.c")).toEqual(["a", "a.b"]);
    expect(ancestorsOf("a")).toEqual([]);
  });

  it("does not mistake a sibling sharing a prefix for a descendant", () => {
    const tree = buildNamespaceTree(
      [
        { name: "company.team", explicit: false, flows: 1 },
        { name: "companyx.team", explicit: false, flows: 1 },
      ],
      () => true,
    );
    expect(findNamespace(tree, "companyx.team")?.name).toBe("companyx.team");
    expect(findNamespace(tree, "company.nope")).toBeUndefined();
  });
});
