import { describe, expect, it } from "vitest";
import { validateFlowSource } from "./index";

const LOG = "io.kestra.plugin.core.log.Log";

function problemsOf(source: string) {
  const result = validateFlowSource(source);
  if (result.ok) throw new Error("expected problems, the flow was accepted");
  return result;
}

describe("validateFlowSource", () => {
  it("reports every problem of a flow at once, each with its line and column", () => {
    const { problems, syntax } = problemsOf(
      [
        "id: three_problems",
        "namespace: Company", // 2: uppercase namespace
        "inputs:",
        "  - id: a",
        "    type: STRING",
        "  - id: a", // 6: duplicate input id
        "    type: INT",
        "tasks:",
        "  - id: t",
        "    type: io.kestra.plugin.foo.Bar", // 10: unknown type
      ].join("\n"),
    );
    expect(syntax).toBe(false);
    expect(problems).toEqual([
      { path: "namespace", line: 2, column: 12, message: expect.stringContaining('namespace "Company" must match') },
      { path: "inputs[1].id", line: 6, column: 9, message: expect.stringContaining('duplicate input id "a"') },
      { path: "tasks[0].type", line: 10, column: 11, message: expect.stringContaining('unknown task type "io.kestra.plugin.foo.Bar"') },
    ]);
  });

  it("reports every duplicate key, not only the first", () => {
    const { problems } = problemsOf(
      ["id: a", "id: b", "namespace: n", "tasks:", "  - id: t", `    type: ${LOG}`, "    message: x", "    message: y", "    message: z"].join("\n"),
    );
    expect(problems.map((p) => [p.path, p.line])).toEqual([
      ["id", 2],
      ["tasks[0].message", 8],
      ["tasks[0].message", 9],
    ]);
    expect(problems[2].message).toBe('duplicate key "message" (first defined on line 7)');
  });

  it("names the catalogue when a type is unknown", () => {
    const { problems } = problemsOf(`id: a\nnamespace: n\ntasks:\n  - id: t\n    type: io.kestra.plugin.foo.Bar\n`);
    expect(problems[0].message).toBe(
      'unknown task type "io.kestra.plugin.foo.Bar": Tenantflow knows the core catalogue io.kestra.plugin.core.* (see docs)',
    );
  });

  it("does not take a trigger type for a task type", () => {
    const { problems } = problemsOf(`id: a\nnamespace: n\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "@daily"\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain('unknown task type "io.kestra.plugin.core.trigger.Schedule"');
  });

  it("accepts a Pebble expression only where Kestra renders the property", () => {
    const flow = (concurrent: string) =>
      `id: a\nnamespace: n\ntasks:\n  - id: p\n    type: io.kestra.plugin.core.flow.Parallel\n    concurrent: ${concurrent}\n    tasks:\n      - id: t\n        type: ${LOG}\n        message: x\n`;
    // Parallel.concurrent is a plain integer in Kestra, never rendered
    expect(problemsOf(flow('"{{ inputs.n }}"')).problems[0]).toMatchObject({ path: "tasks[0].concurrent", line: 6 });
    expect(validateFlowSource(flow("3")).ok).toBe(true);
  });

  it("answers syntax: true for text that is not YAML, with the position of the error", () => {
    const result = problemsOf("id: a\nnamespace: n\ntasks: [\n  - id: t\n");
    expect(result.syntax).toBe(true);
    expect(result.problems[0]).toMatchObject({ path: "", line: 4, column: 3 });
  });

  it.each(["", "just a string", "- a\n- list"])("answers syntax: true when the top is not a mapping (%j)", (source) => {
    const result = problemsOf(source);
    expect(result.syntax).toBe(true);
    expect(result.problems[0].message).toContain("must be a YAML mapping");
  });

  it("refuses an alias bomb quickly instead of expanding it", () => {
    let source = 'id: lol\nnamespace: n\nvariables:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    let previous = "a";
    for (const name of "bcdefghi") {
      source += `  ${name}: &${name} [${Array(9).fill(`*${previous}`).join(",")}]\n`;
      previous = name;
    }
    source += `tasks:\n  - id: t\n    type: ${LOG}\n    message: "{{ vars.i }}"\n`;
    // expanding it would mean 9^9 nodes: getting an answer at all shows it was refused first
    const result = problemsOf(source);
    expect(result.syntax).toBe(false);
    expect(result.problems).toEqual([
      { path: "variables.b[0]", line: 5, column: 10, message: expect.stringContaining("alias bomb") },
    ]);
  });

  it("still accepts ordinary anchors and aliases", () => {
    const source = `id: a\nnamespace: n\ntasks:\n  - id: t1\n    type: ${LOG}\n    message: &msg hello\n  - id: t2\n    type: ${LOG}\n    message: *msg\n`;
    const result = validateFlowSource(source);
    expect(result.ok && (result.flow.tasks[1] as { message: string }).message).toBe("hello");
  });

  it.each([
    ["5000 nested block lists", `id: a\nnamespace: n\ntasks:\n  ${"- ".repeat(5000)}x\n`],
    ["5000 nested flow lists", `id: a\nnamespace: n\ntasks: ${"[".repeat(5000)}${"]".repeat(5000)}\n`],
    ["150 nested lists", `id: a\nnamespace: n\ntasks: ${"[".repeat(150)}${"]".repeat(150)}\n`],
  ])("reports %s as a problem instead of overflowing the stack", (_, source) => {
    const result = problemsOf(source);
    expect(result.syntax).toBe(false);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].message).toContain("nested too deeply");
    expect(result.problems[0].line).toBeGreaterThan(0);
  });

  it("reads numbers written as ids the way Kestra does, as names", () => {
    const result = validateFlowSource(`id: 2024\nnamespace: n\ntasks:\n  - id: 1\n    type: ${LOG}\n    message: m\n`);
    expect(result.ok && result.flow.id).toBe("2024");
  });

  it("checks the inputs a Pause asks for on resume like flow inputs", () => {
    const { problems } = problemsOf(
      `id: a\nnamespace: n\ntasks:\n  - id: wait\n    type: io.kestra.plugin.core.flow.Pause\n    onResume:\n      - id: ok\n        type: YESNO\n`,
    );
    expect(problems).toEqual([
      { path: "tasks[0].onResume[0].type", line: 8, column: 15, message: expect.stringContaining('unknown input type "YESNO"') },
    ]);
  });

  it("accepts BOOL, the orchestrator 1.x's boolean input, as BOOLEAN", () => {
    const ok = validateFlowSource(`id: a\nnamespace: n\ninputs:\n  - id: dryRun\n    type: BOOL\n    defaults: true\ntasks:\n  - id: t\n    type: ${LOG}\n    message: hi\n`);
    expect(ok.ok).toBe(true);
    expect(problemsOf(`id: a\nnamespace: n\ninputs:\n  - id: dryRun\n    type: BOOLS\ntasks:\n  - id: t\n    type: ${LOG}\n    message: hi\n`).problems.map((p) => p.path)).toEqual(["inputs[0].type"]);
  });

  it("accepts a conditional input's dependsOn and refuses a malformed one", () => {
    const input = (dependsOn: string) => `  - id: email\n    type: EMAIL\n    dependsOn: ${dependsOn}\n`;
    const flow = (dependsOn: string) => `id: a\nnamespace: n\ninputs:\n  - id: notify\n    type: BOOLEAN\n${input(dependsOn)}tasks:\n  - id: t\n    type: ${LOG}\n    message: hi\n`;
    expect(validateFlowSource(flow('{inputs: [notify], condition: "{{ inputs.notify }}"}')).ok).toBe(true);
    expect(problemsOf(flow("notify")).problems).toEqual([
      { path: "inputs[1].dependsOn", line: 8, column: 16, message: expect.stringContaining('"dependsOn" must be a mapping') },
    ]);
    expect(problemsOf(flow("{inputs: notify, condition: [1]}")).problems.map((p) => [p.path, p.message])).toEqual([
      ["inputs[1].dependsOn.inputs", '"inputs" must be a list of input ids'],
      ["inputs[1].dependsOn.condition", '"condition" must be a string (an expression)'],
    ]);
  });

  it("places problems inside flow-style collections", () => {
    const { problems } = problemsOf(`id: a\nnamespace: n\ntasks: [{id: t, type: ${LOG}, message: [1, {x: 2}]}]\n`);
    expect(problems).toEqual([
      { path: "tasks[0].message", line: 3, column: 63, message: '"message" must be a string or a list of strings' },
    ]);
  });

  it("refuses an oversized source without parsing it", () => {
    const result = problemsOf(`id: a\nnamespace: n\ndescription: "${"x".repeat(2_000_001)}"\n`);
    expect(result.problems[0].message).toContain("larger than");
  });
});

describe("the parsed flow", () => {
  const source = [
    "# comments and formatting are the source's business, not the validator's",
    "namespace: company.team   # namespace first, on purpose",
    "id: 'verbatim'",
    "tasks:",
    "  - {id: t, type: " + LOG + ", message: \"007\"}",
    "labels:",
    "  - key: env",
    "    value: prod",
    "  - key: build",
    "    value: 42",
    "",
  ].join("\n");

  it("only reads the source: values keep their YAML meaning and keys their source order", () => {
    const copy = `${source}`;
    const result = validateFlowSource(source);
    expect(source).toBe(copy);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(Object.keys(result.flow)).toEqual(["namespace", "id", "tasks", "labels", "inputs", "disabled"]);
    expect(result.flow.tasks).toEqual([{ id: "t", type: LOG, message: "007" }]);
    // nothing in the answer is a re-serialised copy of the YAML
    expect(JSON.stringify(result)).not.toContain("#");
  });

  it("normalises labels written as a list to a map of strings", () => {
    const result = validateFlowSource(source);
    expect(result.ok && result.flow.labels).toEqual({ env: "prod", build: "42" });
  });

  it("defaults inputs to [] and disabled to false, and keeps the rest of the document", () => {
    const result = validateFlowSource(`id: a\nnamespace: n\nvariables:\n  x: 1\ntasks:\n  - id: t\n    type: ${LOG}\n    message: m\n`);
    expect(result.ok && result.flow).toMatchObject({ inputs: [], disabled: false, labels: {}, variables: { x: 1 } });
  });
});
