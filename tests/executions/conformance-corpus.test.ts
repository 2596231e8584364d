import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { State } from "@/lib/executions/types";
import { validateFlowSource } from "@/lib/flows/validation";
import { lookupTask } from "@/lib/flows/validation/catalogue";
import { caseSchema, findTask, readCorpus, taskIds } from "./conformance-format";

// The engine's conformance corpus (tests/executions/conformance/README.md describes the format):
// each file is one flow with the result the orchestrator's documentation says it must reach. This
// file checks the corpus itself; running every flow through the engine is a separate suite.

const FILE_NAME = /^(\d{3})-[a-z0-9]+(?:-[a-z0-9]+)*\.yaml$/;
const MIN_CASES = 90;

const entries = readCorpus();
const cases = entries.map(({ file, raw }) => ({ file, parsed: caseSchema.safeParse(raw) }));

describe("conformance corpus", () => {
  it(`holds at least ${MIN_CASES} cases, named NNN-short-name.yaml with distinct numbers`, () => {
    expect(entries.length).toBeGreaterThanOrEqual(MIN_CASES);
    const numbers = new Set<string>();
    for (const { file } of entries) {
      const match = FILE_NAME.exec(file);
      expect(match, file).not.toBeNull();
      expect(numbers.has(match![1]), `number ${match![1]} is used twice`).toBe(false);
      numbers.add(match![1]);
    }
  });

  it.each(cases)("$file follows the format", ({ parsed }) => {
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([]);
  });

  it.each(cases)("$file holds a valid flow whose expectations name its tasks", ({ parsed }) => {
    if (!parsed.success) throw new Error("the case does not follow the format");
    const c = parsed.data;
    const result = validateFlowSource(c.flow);
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(result.ok && result.warnings ? result.warnings : []).toEqual([]);
    if (!result.ok) return;

    const ids = taskIds(result.flow);
    const named = [
      ...Object.keys(c.expect.taskRuns),
      ...Object.keys(c.expect.outputs ?? {}),
      ...Object.keys(c.expect.attempts ?? {}),
      ...(c.events ?? []).map((e) => e.after),
    ];
    expect(named.filter((id) => !ids.has(id)), "ids named in expect or events that the flow lacks").toEqual([]);

    // listed task runs cannot outnumber all task runs
    const listed = Object.values(c.expect.taskRuns).reduce((n, s) => n + (Array.isArray(s) ? s.length : 1), 0);
    expect(listed).toBeLessThanOrEqual(c.expect.taskRunCount);

    // attempts are given for task runs the case lists, as many entries as runs
    for (const [id, attempts] of Object.entries(c.expect.attempts ?? {})) {
      const runs = c.expect.taskRuns[id];
      expect(runs, `attempts of ${id} need its task runs in taskRuns`).toBeDefined();
      if (Array.isArray(attempts)) expect(attempts.length).toBe(Array.isArray(runs) ? runs.length : 1);
    }

    // the flow's outputs are declared by the flow
    const declared = new Set(((result.flow.outputs as { id?: string }[] | undefined) ?? []).map((o) => String(o.id)));
    expect(Object.keys(c.expect.flowOutputs ?? {}).filter((id) => !declared.has(id))).toEqual([]);

    // a resume answers a Pause, a kill needs a task that can be running
    for (const e of c.events ?? []) {
      const type = findTask(result.flow, e.after)?.type;
      if (e.type === "resume") expect(String(type)).toMatch(/\.Pause$/);
    }
  });

  it("gives every flow its own id, so that the whole corpus loads into one namespace", () => {
    const seen = new Map<string, string>();
    for (const { file, parsed } of cases) {
      if (!parsed.success) continue;
      const id = String((parse(parsed.data.flow) as { id?: unknown }).id);
      expect(seen.get(id), `${file} reuses the id of ${seen.get(id)}`).toBeUndefined();
      seen.set(id, file);
    }
  });

  it("ends in every final state the engine decides: SUCCESS, WARNING, FAILED and KILLED", () => {
    const reached = new Set<State>(cases.flatMap(({ parsed }) => (parsed.success ? [parsed.data.expect.state] : [])));
    for (const s of ["SUCCESS", "WARNING", "FAILED", "KILLED"] as const) expect(reached.has(s), s).toBe(true);
  });

  it("uses every task type of the core catalogue that runs in an execution of its own", () => {
    const used = new Set<string>();
    for (const { parsed } of cases) {
      if (!parsed.success) continue;
      for (const [, type] of parsed.data.flow.matchAll(/\btype:\s*"?([\w.]+)"?/g)) {
        const entry = lookupTask(type);
        if (entry) used.add(entry.type);
      }
    }
    // child executions (Subflow, ForEachItem) and other executions' logs (Fetch) and resumes
    // (Resume) need more than one execution: they are covered by their own suites
    const core = [
      "log.Log", "debug.Return", "debug.Echo", "output.OutputValues", "execution.Fail", "execution.Labels",
      "flow.Sleep", "flow.Pause", "flow.Sequential", "flow.Parallel", "flow.ForEach", "flow.EachSequential",
      "flow.EachParallel", "flow.If", "flow.Switch", "flow.AllowFailure", "flow.Dag", "flow.WorkingDirectory",
      "flow.WaitFor", "kv.Get", "kv.Set", "kv.Delete", "state.Get", "state.Set", "state.Delete",
    ].map((t) => `io.kestra.plugin.core.${t}`);
    expect(core.filter((t) => !used.has(t))).toEqual([]);
  });
});
