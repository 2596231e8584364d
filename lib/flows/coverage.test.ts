import { describe, expect, it } from "vitest";
import { classifyFlow, groupOf, refusalReason, summarise } from "./coverage";

const flow = (tasks: string) => `id: sample\nnamespace: company.team\ntasks:\n${tasks}`;

const core = flow(`  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`);
const shell = flow(
  `  - id: run\n    type: io.kestra.plugin.scripts.shell.Commands\n    taskRunner:\n      type: io.kestra.plugin.scripts.runner.docker.Docker\n    commands:\n      - echo hi\n`,
);
const dbt = flow(`  - id: build\n    type: io.kestra.plugin.dbt.cli.DbtCLI\n    commands:\n      - dbt build\n`);
const misspelt = flow(`  - id: hello\n    type: io.kestra.plugin.core.log.Logg\n    message: hi\n`);
const noMessage = flow(`  - id: hello\n    type: io.kestra.plugin.core.log.Log\n`);
const notFlow = "name: build\non: push\njobs: {}\n";

describe("flow coverage", () => {
  it("classifies a core flow as saved with no warning, runnable, needing only the core catalogue", () => {
    const result = classifyFlow(core);
    expect(result).toMatchObject({ status: "saved", clean: true, missing: [], withoutRunner: [] });
    expect(result.needs).toEqual([{ key: "core", title: "core catalogue", installed: true }]);
  });

  it("counts an installed plugin's group (not its task runner's), and a known group whose plugin is missing", () => {
    expect(classifyFlow(shell)).toMatchObject({ status: "saved", missing: [], needs: [{ key: "io.kestra.plugin.scripts.shell", installed: true }] });
    const result = classifyFlow(dbt);
    expect(result).toMatchObject({ status: "saved", clean: false, needs: [{ key: "io.kestra.plugin.dbt", installed: false }] });
    expect(result.status === "saved" && result.missing.map((m) => m.plugin)).toEqual(["plugin-dbt"]);
  });

  it("gives a refused flow's first problem, with names blanked as its reason", () => {
    const result = classifyFlow(misspelt);
    expect(result.status).toBe("refused");
    expect(result.status === "refused" && result.message).toContain('"io.kestra.plugin.core.log.Logg"');
    expect(result.status === "refused" && result.reason).toContain('unknown task type "…"');
    expect(refusalReason('tasks[3]: "a" is 12 long')).toBe('tasks[N]: "…" is N long');
  });

  it("leaves out documents that are not flows, and sums the shares and groups", () => {
    expect(classifyFlow(notFlow).status).toBe("not-a-flow");
    const s = summarise([core, shell, dbt, misspelt, noMessage, notFlow].map((text, i) => ({ file: `f${i}.yaml`, result: classifyFlow(text) })));
    expect(s).toMatchObject({ files: 6, notFlows: 1, flows: 5, saved: 3, savedClean: 2, savedWithMissingPlugins: 1, runnable: 2, runnableWithRunners: 2, refused: 2 });
    expect(s.groups.find((g) => g.key === "core")).toMatchObject({ flows: 3, installed: true });
    expect(s.groups.find((g) => g.key === "io.kestra.plugin.dbt")).toMatchObject({ flows: 1, savedButMissing: 1, installed: false });
    expect(groupOf("io.kestra.plugin.example.Thing")).toEqual({ key: "io.kestra.plugin.example", title: "no known group", installed: false });
  });
});
