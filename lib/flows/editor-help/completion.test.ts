import { describe, expect, it } from "vitest";
import catalogue from "./catalogue.json";
import { completeFlow } from "./completion";
import { hoverFlow } from "./hover";
import { catalogueEntries } from "../validation/catalogue";
import type { EditorCatalogue } from "./types";

const help = catalogue as EditorCatalogue;

/** The completion at the `|` of `text`. */
function complete(text: string) {
  const pos = text.indexOf("|");
  return completeFlow(help, text.replace("|", ""), pos);
}
const labels = (text: string) => complete(text)?.options.map((o) => o.label) ?? null;

describe("type completion", () => {
  it("offers the task types matching any part of the name in a task list", () => {
    const got = labels("id: f\nnamespace: n\ntasks:\n  - id: a\n    type: Fetc|\n");
    expect(got).toEqual(["io.kestra.plugin.core.log.Fetch"]);
    const flows = labels("tasks:\n  - id: a\n    type: flow.|\n")!;
    expect(flows).toContain("io.kestra.plugin.core.flow.Parallel");
    expect(flows).not.toContain("io.kestra.plugin.core.log.Log");
  });

  it("replaces the whole typed word, from its start", () => {
    const text = "tasks:\n  - id: a\n    type: io.kestra.plugin.core.lo|g\n";
    const result = complete(text)!;
    const source = text.replace("|", "");
    expect(source.slice(result.from, result.to)).toBe("io.kestra.plugin.core.log");
  });

  it("keeps the quotes around a quoted type, and reads a list written without indentation", () => {
    const text = 'tasks:\n  - id: a\n    type: "Fet|"\n';
    const result = complete(text)!;
    expect(result.options.map((o) => o.label)).toEqual(["io.kestra.plugin.core.log.Fetch"]);
    expect(text.replace("|", "").slice(result.from, result.to)).toBe("Fet");
    expect(labels("tasks:\n- id: a\n  type: Sleep|\n")).toEqual(["io.kestra.plugin.core.flow.Sleep"]);
    expect(labels("tasks:\n- id: a\n  type: io.kestra.plugin.core.flow.Sleep\n  dur|\n")).toEqual(["duration"]);
  });

  it("matches aliases, and offers every type of the place when nothing is typed", () => {
    expect(labels("tasks:\n  - id: a\n    type: core.tasks.debugs|\n")).toEqual([
      "io.kestra.plugin.core.debug.Return",
      "io.kestra.plugin.core.debug.Echo",
    ]);
    expect(labels("tasks:\n  - id: a\n    type: |\n")).toHaveLength(catalogueEntries().task.length);
  });

  it("offers triggers under triggers and conditions under conditions, never tasks", () => {
    const triggers = labels("tasks: []\ntriggers:\n  - id: t\n    type: |\n");
    expect(triggers).toEqual([
      "io.kestra.plugin.core.trigger.Schedule",
      "io.kestra.plugin.core.trigger.Flow",
      "io.kestra.plugin.core.trigger.Webhook",
    ]);
    const conditions = labels("triggers:\n  - id: t\n    type: io.kestra.plugin.core.trigger.Flow\n    conditions:\n      - type: Exec|\n");
    expect(conditions).toEqual([
      "io.kestra.plugin.core.condition.ExecutionFlow",
      "io.kestra.plugin.core.condition.ExecutionStatus",
      "io.kestra.plugin.core.condition.ExecutionNamespace",
      "io.kestra.plugin.core.condition.ExecutionLabels",
    ]);
    // Not and Or nest a list of conditions
    const inNot = labels("triggers:\n  - id: t\n    type: io.kestra.plugin.core.trigger.Schedule\n    conditions:\n      - type: io.kestra.plugin.core.condition.Not\n        conditions:\n          - type: io.kestra.plugin.core.condition.Week|\n");
    expect(inNot).toEqual(["io.kestra.plugin.core.condition.Weekend"]);
    // MultipleCondition's conditions are a map of named conditions
    const named = labels("conditions:\n  - id: both\n    type: io.kestra.plugin.core.condition.MultipleCondition\n    conditions:\n      first:\n        type: Expr|\n");
    expect(named).toEqual(["io.kestra.plugin.core.condition.ExpressionCondition"]);
  });

  it("offers tasks in nested lists (then, a Switch's cases, a Dag's task) and nothing under inputs", () => {
    expect(labels("tasks:\n  - id: if\n    type: io.kestra.plugin.core.flow.If\n    then:\n      - id: x\n        type: Sleep|\n")).toEqual([
      "io.kestra.plugin.core.flow.Sleep",
    ]);
    expect(labels("tasks:\n  - id: s\n    type: io.kestra.plugin.core.flow.Switch\n    cases:\n      prod:\n        - id: x\n          type: Sleep|\n")).toEqual([
      "io.kestra.plugin.core.flow.Sleep",
    ]);
    expect(labels("tasks:\n  - id: d\n    type: io.kestra.plugin.core.flow.Dag\n    tasks:\n      - task:\n          id: x\n          type: Sleep|\n")).toEqual([
      "io.kestra.plugin.core.flow.Sleep",
    ]);
    expect(complete("inputs:\n  - id: name\n    type: STR|\n")).toBeNull();
  });
});

describe("property completion", () => {
  it("offers the type's own and shared properties not yet present, with kind and whether required", () => {
    const result = complete("tasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    |\n")!;
    const names = result.options.map((o) => o.label);
    // required first, then the type's own, then the shared ones
    expect(names.slice(0, 2)).toEqual(["message", "level"]);
    expect(names).toContain("timeout");
    expect(names).not.toContain("id");
    expect(names).not.toContain("type");
    const message = result.options.find((o) => o.label === "message")!;
    expect(message.detail).toBe("string or list · required");
    expect(message.info).toMatch(/message/i);
    expect(result.options.find((o) => o.label === "level")!.detail).toBe("TRACE | DEBUG | INFO | WARN | ERROR");
    expect(result.options.find((o) => o.label === "timeout")!.detail).toBe("duration");
  });

  it("filters by the part of the key typed, leaving out keys already present below", () => {
    const got = labels("tasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    lev|\n    message: hi\n");
    expect(got).toEqual(["level", "logLevel"]);
    expect(labels("tasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    mess|\n    message: hi\n")).toEqual([]);
  });

  it("inserts a list on the lines below, indented under the key", () => {
    const result = complete("tasks:\n  - id: par\n    type: io.kestra.plugin.core.flow.Parallel\n    tas|\n")!;
    expect(result.options.find((o) => o.label === "tasks")).toMatchObject({ apply: "tasks:\n      - ", detail: "list of tasks · required" });
  });

  it("offers trigger properties in a trigger, and nothing in a mapping without a known type", () => {
    const got = labels("triggers:\n  - id: t\n    type: io.kestra.plugin.core.trigger.Schedule\n    |\n")!;
    expect(got[0]).toBe("cron");
    expect(got).toContain("stopAfter");
    expect(complete("tasks:\n  - id: t\n    type: io.example.Unknown\n    |\n")).toBeNull();
    expect(complete("id: flow\n|\n")).toBeNull();
  });
});

describe("enum values", () => {
  it("offers the values of an enum property after its key", () => {
    expect(labels("tasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    level: |\n")).toEqual(["TRACE", "DEBUG", "INFO", "WARN", "ERROR"]);
    expect(labels("tasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    logLevel: W|\n")).toEqual(["WARN"]);
    expect(labels("triggers:\n  - id: t\n    type: io.kestra.plugin.core.trigger.Schedule\n    recoverMissedSchedules: |\n")).toEqual(["ALL", "LAST", "NONE"]);
    expect(complete("tasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: |\n")).toBeNull();
  });
});

describe("hover", () => {
  const doc = "tasks:\n  - id: hello\n    type: io.kestra.core.tasks.log.Log\n    message: hi\n";
  it("documents a type (by an alias too) on its name", () => {
    const hover = hoverFlow(help, doc, doc.indexOf("tasks.log") + 2)!;
    expect(hover.type.type).toBe("io.kestra.plugin.core.log.Log");
    expect(hover.type.docsUrl).toBe("https://kestra.io/plugins/io.kestra.plugin.core.log.Log");
    expect(hover.property).toBeUndefined();
    expect(doc.slice(hover.from, hover.to)).toBe("io.kestra.core.tasks.log.Log");
  });

  it("documents a property on its key, and nothing on a value or an untyped key", () => {
    const hover = hoverFlow(help, doc, doc.indexOf("message") + 3)!;
    expect(hover.property?.name).toBe("message");
    expect(hoverFlow(help, doc, doc.indexOf(": hi") + 3)).toBeNull();
    expect(hoverFlow(help, doc, 2)).toBeNull();
  });
});
