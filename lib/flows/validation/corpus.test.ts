import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { knownTypes, validateFlowSource } from "./index";
import { lookupCondition, lookupTask, lookupTrigger } from "./catalogue";

// Valid flows must pass untouched; each invalid flow breaks one rule and says in its leading
// comments which problem it expects:  # expect: <path> | <line>:<column> | <message fragment>

const corpus = (kind: "valid" | "invalid") => {
  const dir = path.join(__dirname, "corpus", kind);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((file) => ({ file, source: fs.readFileSync(path.join(dir, file), "utf8") }));
};

describe("valid corpus", () => {
  it.each(corpus("valid"))("accepts $file", ({ source }) => {
    const result = validateFlowSource(source);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it("uses every task, trigger and condition type of the catalogue at least once", () => {
    const used = { task: new Set<string>(), trigger: new Set<string>(), condition: new Set<string>() };
    for (const { source } of corpus("valid")) {
      for (const [, type] of source.matchAll(/\btype:\s*"?([\w.]+)"?/g)) {
        const task = lookupTask(type);
        const trigger = lookupTrigger(type);
        const condition = lookupCondition(type);
        if (task) used.task.add(task.type);
        if (trigger) used.trigger.add(trigger.type);
        if (condition) used.condition.add(condition.type);
      }
    }
    const known = knownTypes();
    expect([...used.task].sort()).toEqual([...known.task].sort());
    expect([...used.trigger].sort()).toEqual([...known.trigger].sort());
    expect([...used.condition].sort()).toEqual([...known.condition].sort());
  });

  it("uses every legacy alias of the catalogue at least once", () => {
    const legacy = corpus("valid").find((f) => f.file.includes("legacy"))!.source;
    const types = new Set([...legacy.matchAll(/\btype:\s*([\w.]+)/g)].map((m) => m[1]));
    const legacyKnown = [...types].filter((t) => t.startsWith("io.kestra.core."));
    expect(legacyKnown.length).toBeGreaterThanOrEqual(30);
    for (const t of legacyKnown) expect(lookupTask(t) ?? lookupTrigger(t) ?? lookupCondition(t), t).toBeDefined();
  });

  it("nests flowable tasks at least three levels deep", () => {
    const nested = corpus("valid").find((f) => f.file.includes("nested"))!.source;
    const flow = parseDocument(nested).toJS();
    // Sequential > Parallel > If > Switch > Log
    expect(flow.tasks[0].tasks[0].tasks[0].then[0].cases.a[0].type).toBe("io.kestra.plugin.core.log.Log");
  });
});

describe("invalid corpus", () => {
  const cases = corpus("invalid").map(({ file, source }) => {
    const expect = /^# expect: (.*?) \| (\d+):(\d+) \| (.+)$/m.exec(source);
    if (!expect) throw new Error(`${file} has no "# expect:" line`);
    return {
      file,
      source,
      syntax: /^# syntax: true$/m.test(source),
      path: expect[1].trim(),
      line: Number(expect[2]),
      column: Number(expect[3]),
      message: expect[4],
    };
  });

  it("has one file per rule", () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
  });

  it.each(cases)("refuses $file", ({ source, syntax, path, line, column, message }) => {
    const result = validateFlowSource(source);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.syntax).toBe(syntax);
    expect(result.problems).toContainEqual({ path, line, column, message: expect.stringContaining(message) });
    // a rule violation shows up alone, so the file tests exactly its rule (a parser may list several syntax errors)
    if (!syntax) expect(result.problems).toHaveLength(1);
  });
});
