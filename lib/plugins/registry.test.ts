import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { buildEditorCatalogue } from "../flows/editor-help/build-catalogue";
import { validateFlowSource } from "../flows/validation";
import { lookupTask } from "../flows/validation/catalogue";
import { runnerFor } from "../executions/tasks";
import { PLUGIN_DEFINITIONS } from "../../plugins/definitions";
import { installedPlugins, loadPlugins, pluginFailures, registerPlugin } from "./registry";

// Plugin packages as an operator installs them (tests/fixtures/plugins): one that works, one that
// throws while it loads, one that exports something else, one that claims a first-party group.

vi.mock("server-only", () => ({}));

const fixture = (name: string) => path.resolve(__dirname, "../../tests/fixtures/plugins", name);
const HELLO = "com.example.greeting.Hello";
const flow = (task: string) => `id: greet\nnamespace: company.team\ntasks:\n${task}`;

const errors = vi.spyOn(console, "error").mockImplementation(() => {});
const logs = vi.spyOn(console, "log").mockImplementation(() => {});
afterAll(() => {
  errors.mockRestore();
  logs.mockRestore();
});

describe("loading the plugins the setting names", async () => {
  const result = await loadPlugins([fixture("greeting"), fixture("throws-on-import"), fixture("bad-shape"), fixture("clashing"), "tenantflow-plugin-nowhere"]);

  it("installs the good package and lists it after the first-party plugins", () => {
    expect(result.loaded.map((p) => p.definition.id)).toEqual(["greeting"]);
    const installed = installedPlugins();
    expect(installed[0]).toMatchObject({ id: "scripts", source: "first-party" });
    expect(installed.find((p) => p.id === "greeting")).toEqual({
      id: "greeting",
      title: "Greeting",
      source: fixture("greeting"),
      groups: ["com.example.greeting"],
      tasks: [HELLO],
      triggers: [],
      conditions: [],
    });
    expect(logs).toHaveBeenCalledWith(expect.stringContaining("plugin greeting"));
  });

  it("reports and skips each broken package, with why, and never throws", () => {
    const failures = pluginFailures();
    expect(failures.map((f) => f.source)).toEqual([fixture("throws-on-import"), fixture("bad-shape"), fixture("clashing"), "tenantflow-plugin-nowhere"]);
    const [throws, badShape, clashing, missing] = failures.map((f) => f.message);
    expect(throws).toBe("importing it failed: cannot find the native driver");
    expect(badShape).toContain("does not export a plugin's definition and runtime");
    expect(badShape).toContain("definition.groups");
    expect(badShape).toContain("must be a zod schema");
    expect(clashing).toBe("group io.kestra.plugin.scripts.python overlaps group io.kestra.plugin.scripts.python, owned by plugin scripts");
    expect(missing).toContain("the package is not installed");
    expect(errors).toHaveBeenCalledWith(expect.stringContaining(`plugin ${fixture("throws-on-import")} skipped: importing it failed`));
    expect(lookupTask("io.kestra.plugin.scripts.python.Notebook")).toBeUndefined();
    expect(lookupTask("com.example.bad.Task")).toBeUndefined();
  });

  it("loads a source once per process", async () => {
    const again = await loadPlugins([fixture("greeting"), fixture("throws-on-import")]);
    expect(again).toEqual({ loaded: [], failures: [] });
    expect(installedPlugins().filter((p) => p.id === "greeting")).toHaveLength(1);
  });

  it("gives the validator the package's types, by name and alias, with their schema", () => {
    expect(lookupTask(HELLO)?.type).toBe(HELLO);
    expect(lookupTask("com.example.greeting.Hi")?.type).toBe(HELLO);
    expect(validateFlowSource(flow(`  - id: hello\n    type: ${HELLO}\n    name: world\n`))).toMatchObject({ ok: true });
    const missingName = validateFlowSource(flow(`  - id: hello\n    type: ${HELLO}\n    retry: 3\n`));
    expect(missingName.ok).toBe(false);
    if (!missingName.ok) {
      expect(missingName.problems.map((p) => p.message)).toEqual([
        `missing required property "name" for ${HELLO}`,
        expect.stringContaining('"retry"'),
      ]);
    }
  });

  it("refuses a misspelt type inside the package's group", () => {
    const result = validateFlowSource(flow(`  - id: hello\n    type: com.example.greeting.Helo\n    name: world\n`));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0].message).toContain('unknown task type "com.example.greeting.Helo"');
  });

  it("gives the workers its runner and the editor its documentation", async () => {
    const runner = runnerFor("com.example.greeting.Hi");
    const lines: string[] = [];
    const result = await runner!({ props: { name: "Ada" }, log: (_l: string, m: string) => lines.push(m) } as never);
    expect(result).toEqual({ outputs: { message: "Hello, Ada!" } });
    expect(lines).toEqual(["Hello, Ada!"]);
    const help = buildEditorCatalogue().types.find((t) => t.type === HELLO);
    expect(help).toMatchObject({ kind: "task", aliases: ["com.example.greeting.Hi"], description: expect.stringContaining("Greets someone") });
    expect(help?.properties.map((p) => [p.name, p.required])).toEqual([["name", true], ["punctuation", false]]);
  });

  it("refuses a plugin that takes an installed type, a group another owns, or a type outside its groups", () => {
    const task = (type: string) => ({ type, shape: {} });
    const runtime = (id: string) => ({ id, runners: {} });
    expect(() => registerPlugin({ id: "core-extra", title: "x", groups: ["io.kestra.plugin.core.extra"], tasks: [task("io.kestra.plugin.core.extra.A")] }, runtime("core-extra"))).toThrow(
      "group io.kestra.plugin.core.extra overlaps group io.kestra.plugin.core, owned by the core catalogue",
    );
    expect(() => registerPlugin({ id: "greeting", title: "x", groups: ["com.example.other"] }, runtime("greeting"))).toThrow('a plugin with id "greeting" is already installed');
    expect(() => registerPlugin({ id: "wider", title: "x", groups: ["com.example"] }, runtime("wider"))).toThrow("overlaps group com.example.greeting, owned by plugin greeting");
    expect(() => registerPlugin({ id: "stray", title: "x", groups: ["com.example.stray"], tasks: [task("com.example.greeting.Hello")] }, runtime("stray"))).toThrow(
      "task type com.example.greeting.Hello is not under one of its groups (com.example.stray)",
    );
    expect(() => registerPlugin({ id: "twice", title: "x", groups: ["com.example.twice"], tasks: [task("com.example.twice.A"), task("com.example.twice.A")] }, runtime("twice"))).toThrow(
      "task type com.example.twice.A is already installed",
    );
    expect(() => registerPlugin({ id: "ghost", title: "x", groups: ["com.example.ghost"] }, { id: "ghost", runners: { "com.example.ghost.A": async () => ({}) } })).toThrow(
      "its runtime has a runner for com.example.ghost.A, which is not one of its task types",
    );
    expect(installedPlugins().map((p) => p.id)).toEqual([...PLUGIN_DEFINITIONS.map((d) => d.id), "greeting"]);
  });
});
