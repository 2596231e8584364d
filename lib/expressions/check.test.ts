import { describe, expect, it } from "vitest";
import { validateFlowSource } from "@/lib/flows/validation";

const LOG = "io.kestra.plugin.core.log.Log";
const flow = (...task: string[]) => ["id: hello", "namespace: company.team", "tasks:", "  - id: log", `    type: ${LOG}`, ...task].join("\n");

function warningsOf(source: string) {
  const result = validateFlowSource(source);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problems)}`);
  return result.warnings ?? [];
}

describe("malformed expressions in a flow are warnings at their place in the YAML", () => {
  it("a double-quoted string", () => {
    // `    message: "` is 14 characters; the template's `}}` is its 16th character
    expect(warningsOf(flow('    message: "{{ outputs.x | }}"'))).toEqual([
      { path: "tasks[0].message", line: 6, column: 30, message: "invalid expression: expected a filter name after `|` but found `}}`", severity: "warning" },
    ]);
  });

  it("a plain string", () => {
    expect(warningsOf(flow("    message: Hello {{ outputs.x | }}"))).toMatchObject([{ path: "tasks[0].message", line: 6, column: 35 }]);
  });

  it("a single-quoted string", () => {
    expect(warningsOf(flow("    message: 'a {{ 1 + }}'"))).toMatchObject([{ line: 6, column: 24, message: expect.stringContaining("expected a value") }]);
  });

  it("a block literal, on the line and column of the text", () => {
    const source = flow("    message: |", "      line one", "      {{ outputs.x | }}", "      line three");
    expect(warningsOf(source)).toMatchObject([{ path: "tasks[0].message", line: 8, column: 22 }]);
  });

  it("a block folded text", () => {
    const source = flow("    message: >", "      first", "      {% if x %}never closed");
    expect(warningsOf(source)).toMatchObject([{ line: 8, message: expect.stringContaining("endif") }]);
  });

  it("one warning per malformed string, in source order, anywhere in the document", () => {
    const source = [
      "id: hello",
      "namespace: company.team",
      "labels:",
      '  owner: "{{ }}"',
      "tasks:",
      "  - id: log",
      `    type: ${LOG}`,
      "    message:",
      '      - "{{ ok }}"',
      '      - "{% for %}"',
    ].join("\n");
    expect(warningsOf(source).map((w) => [w.path, w.line])).toEqual([
      ["labels.owner", 4],
      ["tasks[0].message[1]", 10],
    ]);
  });

  it("well-formed expressions give no warning (undefined variables are a matter for the run)", () => {
    const source = flow('    message: "{{ inputs.day | date(\'yyyy-MM-dd\') }} {{ outputs.fetch.value ?? \'none\' }} {{ secret(\'DB\') }}"');
    const result = validateFlowSource(source);
    expect(result).toMatchObject({ ok: true, flow: { id: "hello" } });
    expect(result.ok && result.warnings).toBeUndefined();
  });

  it("a flow with rule violations is still refused for them", () => {
    const result = validateFlowSource(["id: hello", "namespace: Company", "tasks:", "  - id: log", `    type: ${LOG}`, '    message: "{{ x | }}"'].join("\n"));
    expect(result.ok).toBe(false);
  });
});
