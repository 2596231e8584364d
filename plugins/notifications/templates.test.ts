import { describe, expect, it } from "vitest";
import { humanDuration, mailHtml, type ExecutionSummary } from "./templates";

const summary = (over: Partial<ExecutionSummary> = {}): ExecutionSummary => ({
  execution: {
    id: "e1",
    namespace: "company.team",
    flowId: "etl",
    state: { current: "FAILED", startDate: "2026-01-01T00:00:00.000Z", endDate: "2026-01-01T00:01:02.500Z", duration: "PT62.5S" },
    taskRunList: [],
  },
  duration: "1m 2.5s",
  startDate: "2026-01-01T00:00:00.000Z",
  firstFailed: { id: "tr1", taskId: "load<x>", state: { current: "FAILED" } },
  ...over,
});

describe("execution summaries", () => {
  it("durations read as the orchestrator shows them", () => {
    expect(humanDuration(62_500)).toBe("1m 2.5s");
    expect(humanDuration(3_600_000 + 4_000)).toBe("1h 4s");
    expect(humanDuration(250)).toBe("0.25s");
    expect(humanDuration(0)).toBe("0s");
  });

  it("the e-mail's HTML escapes what comes from the execution and the task", () => {
    const html = mailHtml(summary({ customMessage: "<script>alert(1)</script>", customFields: { "a&b": "<i>" } }));
    expect(html).toContain("Failed on task <code>load&lt;x&gt;</code> after 1m 2.5s");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("<strong>a&amp;b:</strong> &lt;i&gt;");
    expect(html).not.toContain("<script>");
  });
});
