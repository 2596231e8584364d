import { describe, expect, it } from "vitest";
import { knownTypes } from "../validation/catalogue";
import { buildEditorCatalogue } from "./build-catalogue";
import committed from "./catalogue.json";

describe("the editor's catalogue", () => {
  const built = buildEditorCatalogue();

  it("is the one committed (regenerate with npx tsx scripts/generate-editor-catalogue.ts)", () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(built)));
  });

  it("knows every type of the validator, each with a description, an example and a docs page", () => {
    const known = knownTypes();
    expect(built.types.map((t) => t.type).sort()).toEqual([...known.task, ...known.trigger, ...known.condition].sort());
    for (const t of built.types) {
      expect(t.description, t.type).not.toBe("");
      expect(t.example, t.type).toContain(t.type);
      expect(t.docsUrl).toBe(`https://kestra.io/plugins/${t.type}`);
    }
  });

  it("describes every property, with what it holds", () => {
    const all = [...built.types.flatMap((t) => t.properties.map((p) => [t.type, p] as const)), ...Object.values(built.shared).flat().map((p) => ["shared", p] as const)];
    for (const [type, p] of all) {
      expect(p.description, `${type} ${p.name}`).not.toBe("");
      expect(p.kind, `${type} ${p.name}`).not.toBe("");
    }
    const log = built.types.find((t) => t.type === "io.kestra.plugin.core.log.Log")!;
    expect(log.properties).toEqual([
      expect.objectContaining({ name: "message", kind: "string or list", required: true }),
      expect.objectContaining({ name: "level", kind: "enum", values: ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"], required: false }),
    ]);
    const stopAfter = built.shared.trigger.find((p) => p.name === "stopAfter")!;
    expect(stopAfter).toMatchObject({ kind: "list of enum", required: false });
  });
});
