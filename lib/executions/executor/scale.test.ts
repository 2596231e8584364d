import { describe, expect, it } from "vitest";
import { indexBuilds } from "../state-index";
import { taskRunCopies } from "./engine";
import { TestDriver } from "./test-driver";

// A step's work does not grow with the number of task runs: it copies the task runs it changes
// (not all of them) and keeps its lookups from the previous step (no index built per step).
// Measured in work done, never in time.

const forEach = (n: number) => ({
  id: "loop",
  namespace: "company.team",
  tasks: [
    {
      id: "each",
      type: "io.kestra.plugin.core.flow.ForEach",
      concurrencyLimit: 0,
      values: Array.from({ length: n }, (_, i) => `v${i}`),
      tasks: [{ id: "ret", type: "io.kestra.plugin.core.debug.Return", format: "{{ taskrun.value }}" }],
    },
  ],
});

async function work(n: number) {
  const d = new TestDriver(forEach(n), { maxTaskRuns: 10 * n });
  const builds = indexBuilds();
  const copies = taskRunCopies();
  expect(await d.run()).toBe("SUCCESS");
  expect(d.state.taskRuns).toHaveLength(n + 1);
  return { steps: d.results.length, builds: indexBuilds() - builds, copies: taskRunCopies() - copies };
}

describe("the cost of a step", () => {
  it("copies only what it changes and builds its index once, however many task runs there are", async () => {
    for (const n of [50, 400]) {
      const { steps, builds, copies } = await work(n);
      // 1 start + 2 events (started, result) per child
      expect(steps).toBe(1 + 2 * n);
      // the driver's own lookup and the first step: not one per step
      expect(builds).toBeLessThanOrEqual(2);
      // each event changes one child, and the loop's own task run at the end
      expect(copies / steps).toBeLessThan(3);
    }
  });

  it("gives the state it was given back untouched", async () => {
    const d = new TestDriver(forEach(20));
    await d.start();
    const before = d.state;
    const copy = structuredClone(before);
    await d.runWorkers();
    expect(before).toEqual(copy);
    expect(d.state.execution.state).toBe("SUCCESS");
  });
});
