import { describe, expect, it } from "vitest";
import { ancestorsOf, buildNamespaceTree, findNamespace } from "./namespace-tree";

const shape = (nodes: ReturnType<typeof buildNamespaceTree>): unknown =>
  nodes.map((n) => ({ [n.segment]: n.children.length ? shape(n.children) : n.totalFlows }));

describe("buildNamespaceTree", () => {
  it("nests dotted names on segment boundaries and sorts siblings", () => {
    const tree = buildNamespaceTree([
      { name: "companyx", explicit: false, flows: 1 },
      { name: "company.team.project", explicit: false, flows: 2 },
      { name: "company", explicit: true, flows: 0 },
      { name: "company.alpha", explicit: false, flows: 3 },
    ]);
    expect(shape(tree)).toEqual([
      { company: [{ alpha: 3 }, { team: [{ project: 2 }] }] },
      { companyx: 1 },
    ]);
  });

  it("creates unlisted parents and counts flows including descendants", () => {
    const tree = buildNamespaceTree([
      { name: "a.b.c", explicit: false, flows: 2 },
      { name: "a.b", explicit: true, flows: 1 },
      { name: "a.d", explicit: false, flows: 4 },
    ]);
    const a = findNamespace(tree, "a")!;
    expect(a).toMatchObject({ listed: false, explicit: false, flows: 0, totalFlows: 7 });
    expect(findNamespace(tree, "a.b")).toMatchObject({ segment: "b", listed: true, explicit: true, flows: 1, totalFlows: 3 });
    expect(findNamespace(tree, "a.b.c")).toMatchObject({ segment: "c", flows: 2, totalFlows: 2, children: [] });
  });

  it("is empty for no namespaces and tolerates duplicates", () => {
    expect(buildNamespaceTree([])).toEqual([]);
    const tree = buildNamespaceTree([
      { name: "x", explicit: true, flows: 0 },
      { name: "x", explicit: false, flows: 2 },
    ]);
    expect(tree).toHaveLength(1);
    expect(tree[0]).toMatchObject({ explicit: true, flows: 2, totalFlows: 2 });
  });
});

describe("ancestorsOf and findNamespace", () => {
  it("lists strict ancestors outermost first", () => {
    expect(ancestorsOf("a.b.c")).toEqual(["a", "a.b"]);
    expect(ancestorsOf("a")).toEqual([]);
  });

  it("does not mistake a sibling sharing a prefix for a descendant", () => {
    const tree = buildNamespaceTree([
      { name: "company.team", explicit: false, flows: 1 },
      { name: "companyx.team", explicit: false, flows: 1 },
    ]);
    expect(findNamespace(tree, "companyx.team")?.name).toBe("companyx.team");
    expect(findNamespace(tree, "company.nope")).toBeUndefined();
  });
});
