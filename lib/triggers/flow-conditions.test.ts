import { describe, expect, it } from "vitest";
import {
  type FlowTriggerDefinition,
  type SourceExecution,
  advanceWindow,
  conditionHolds,
  filterHolds,
  isStateless,
  metBy,
  namespaceMatches,
  statesHold,
  upstreamMatches,
  windowAt,
  windowConditions,
} from "./flow-conditions";

const exec = (over: Partial<SourceExecution> = {}): SourceExecution => ({
  id: "e1",
  namespace: "company.team",
  flowId: "extract",
  flowRevision: 1,
  state: "SUCCESS",
  labels: [{ key: "env", value: "prod" }],
  outputs: { date: "2026-01-01" },
  ...over,
});
const never = async () => false;
const always = async () => true;
const C = "io.kestra.plugin.core.condition";

describe("Flow trigger conditions", () => {
  it("states: every terminal state by default, the listed ones otherwise", () => {
    expect(statesHold({}, exec({ state: "FAILED" }))).toBe(true);
    expect(statesHold({}, exec({ state: "RUNNING" }))).toBe(false);
    expect(statesHold({ states: ["SUCCESS"] }, exec({ state: "FAILED" }))).toBe(false);
    expect(statesHold({ states: ["SUCCESS", "FAILED"] }, exec({ state: "FAILED" }))).toBe(true);
  });

  it("ExecutionFlow, ExecutionStatus (in and notIn) and their legacy names", async () => {
    expect(await conditionHolds({ type: `${C}.ExecutionFlow`, namespace: "company.team", flowId: "extract" }, exec(), never)).toBe(true);
    expect(await conditionHolds({ type: `${C}.ExecutionFlow`, namespace: "company.team", flowId: "load" }, exec(), never)).toBe(false);
    expect(await conditionHolds({ type: "io.kestra.core.models.conditions.types.ExecutionFlowCondition", namespace: "company.team", flowId: "extract" }, exec(), never)).toBe(true);
    expect(await conditionHolds({ type: `${C}.ExecutionStatus`, in: ["SUCCESS"] }, exec(), never)).toBe(true);
    expect(await conditionHolds({ type: `${C}.ExecutionStatus`, in: ["FAILED"] }, exec(), never)).toBe(false);
    expect(await conditionHolds({ type: `${C}.ExecutionStatusCondition`, notIn: ["SUCCESS"] }, exec(), never)).toBe(false);
    expect(await conditionHolds({ type: `${C}.ExecutionStatus`, notIn: ["FAILED"] }, exec(), never)).toBe(true);
  });

  it("ExecutionNamespace: EQUALS by default, PREFIX, SUFFIX and the older prefix flag", () => {
    expect(namespaceMatches({ namespace: "company" }, "company.team")).toBe(false);
    expect(namespaceMatches({ namespace: "company.team" }, "company.team")).toBe(true);
    expect(namespaceMatches({ namespace: "company", comparison: "PREFIX" }, "company.team")).toBe(true);
    expect(namespaceMatches({ namespace: "company", prefix: true }, "company.team")).toBe(true);
    expect(namespaceMatches({ namespace: "other", prefix: true }, "company.team")).toBe(false);
    expect(namespaceMatches({ namespace: ".team", comparison: "SUFFIX" }, "company.team")).toBe(true);
  });

  it("ExpressionCondition holds when its expression renders true; unknown types never hold", async () => {
    expect(await conditionHolds({ type: `${C}.ExpressionCondition`, expression: "{{ true }}" }, exec(), always)).toBe(true);
    expect(await conditionHolds({ type: `${C}.Expression`, expression: "{{ false }}" }, exec(), never)).toBe(false);
    expect(await conditionHolds({ type: `${C}.Weekday` }, exec(), always)).toBe(false);
    // a date condition with no date to read (no render given) is not met, rather than failing the executor
    expect(await conditionHolds({ type: `${C}.Weekend` }, exec(), always)).toBe(false);
    expect(await conditionHolds({ type: `${C}.Weekend`, date: "2025-11-01" }, exec(), always)).toBe(true);
  });

  it("upstream flows narrow by namespace, flowId, states and labels", () => {
    expect(upstreamMatches({ namespace: "company.team", flowId: "extract", states: ["SUCCESS"] }, exec())).toBe(true);
    expect(upstreamMatches({ namespace: "company.team", flowId: "extract", states: ["FAILED"] }, exec())).toBe(false);
    expect(upstreamMatches({ namespace: "company.team" }, exec())).toBe(true);
    expect(upstreamMatches({ namespace: "company" }, exec())).toBe(false);
    expect(upstreamMatches({ namespace: "company.team", labels: { env: "prod" } }, exec())).toBe(true);
    expect(upstreamMatches({ namespace: "company.team", labels: [{ key: "env", value: "dev" }] }, exec())).toBe(false);
  });

  it("where filters on FLOW_ID, NAMESPACE, STATE and EXPRESSION", async () => {
    expect(await filterHolds({ field: "NAMESPACE", type: "STARTS_WITH", value: "company" }, exec(), never)).toBe(true);
    expect(await filterHolds({ field: "STATE", type: "IN", values: ["FAILED", "WARNING"] }, exec(), never)).toBe(false);
    expect(await filterHolds({ field: "STATE", type: "NOT_IN", values: ["FAILED"] }, exec(), never)).toBe(true);
    expect(await filterHolds({ field: "FLOW_ID", type: "EQUAL_TO", value: "extract" }, exec(), never)).toBe(true);
    expect(await filterHolds({ field: "FLOW_ID", type: "REGEX", value: "ext.*" }, exec(), never)).toBe(true);
    expect(await filterHolds({ field: "FLOW_ID", type: "REGEX", value: "(" }, exec(), never)).toBe(false);
    // a pattern that backtracks without end is refused, not run
    expect(await filterHolds({ field: "FLOW_ID", type: "REGEX", value: "(a+)+b" }, exec({ flowId: `${"a".repeat(60)}c` }), never)).toBe(false);
    expect(await filterHolds({ field: "EXPRESSION", type: "IS_TRUE", value: "{{ x }}" }, exec(), always)).toBe(true);
    expect(await filterHolds({ field: "EXPRESSION", type: "IS_FALSE", value: "{{ x }}" }, exec(), always)).toBe(false);
  });

  it("reads MultipleCondition, preconditions and dependsOn as window conditions", async () => {
    const def: FlowTriggerDefinition = {
      id: "t",
      type: "io.kestra.plugin.core.trigger.Flow",
      conditions: [
        { type: `${C}.ExecutionStatus`, in: ["SUCCESS"] },
        {
          type: `${C}.MultipleCondition`,
          id: "multiple",
          window: "PT12H",
          conditions: { a: { type: `${C}.ExecutionFlow`, namespace: "company.team", flowId: "extract" }, b: { type: `${C}.ExecutionFlow`, namespace: "company.team", flowId: "load" } },
        },
      ],
      preconditions: {
        id: "pre",
        flows: [{ namespace: "company.team", flowId: "extract" }],
        where: [{ id: "ns", filters: [{ field: "NAMESPACE", type: "EQUAL_TO", value: "company.team" }, { field: "STATE", type: "EQUAL_TO", value: "FAILED" }], operand: "OR" }],
      },
      dependsOn: [{ flowId: "extract" }, { flowId: "load" }],
      mode: "ANY",
    };
    const [multiple, pre, deps] = windowConditions(def);
    expect(multiple).toMatchObject({ id: "multiple", needed: 2, timeWindow: { type: "DURATION_WINDOW", window: "PT12H" }, resetOnSuccess: true });
    expect(await metBy(multiple, exec(), never)).toEqual(["a"]);
    expect(pre.id).toBe("pre");
    expect(await metBy(pre, exec(), never)).toEqual(["flows.0", "where.ns"]);
    expect(deps.needed).toBe(1);
    expect(isStateless(deps)).toBe(true);
    expect(isStateless(multiple)).toBe(false);
  });
});

describe("time windows", () => {
  const at = (iso: string) => new Date(iso);

  it("DURATION_WINDOW: fixed windows from midnight plus windowAdvance, 24 hours by default", () => {
    expect(windowAt({}, at("2026-06-01T15:00:00Z"))).toMatchObject({ start: at("2026-06-01T00:00:00Z"), end: at("2026-06-02T00:00:00Z") });
    expect(windowAt({ window: "PT12H" }, at("2026-06-01T15:00:00Z"))).toMatchObject({ start: at("2026-06-01T12:00:00Z"), end: at("2026-06-02T00:00:00Z") });
    expect(windowAt({ window: "PT12H", windowAdvance: "PT6H" }, at("2026-06-01T03:00:00Z"))).toMatchObject({ start: at("2026-05-31T18:00:00Z"), end: at("2026-06-01T06:00:00Z") });
  });

  it("SLIDING_WINDOW ends now; the daily ones are null outside their hours", () => {
    expect(windowAt({ type: "SLIDING_WINDOW", window: "PT1H" }, at("2026-06-01T15:00:00Z"))).toMatchObject({ start: at("2026-06-01T14:00:00Z"), sliding: true });
    expect(windowAt({ type: "DAILY_TIME_DEADLINE", deadline: "09:00:00" }, at("2026-06-01T08:59:00Z"))).toMatchObject({ end: at("2026-06-01T09:00:00Z") });
    expect(windowAt({ type: "DAILY_TIME_DEADLINE", deadline: "09:00:00" }, at("2026-06-01T09:01:00Z"))).toBeNull();
    expect(windowAt({ type: "DAILY_TIME_WINDOW", startTime: "08:00", endTime: "18:00" }, at("2026-06-01T07:00:00Z"))).toBeNull();
    expect(windowAt({ type: "DAILY_TIME_WINDOW", startTime: "08:00", endTime: "18:00" }, at("2026-06-01T12:00:00Z"))).toMatchObject({ start: at("2026-06-01T08:00:00Z") });
  });

  const two = windowConditions({
    id: "t",
    type: "io.kestra.plugin.core.trigger.Flow",
    preconditions: { id: "p", flows: [{ namespace: "n", flowId: "a" }, { namespace: "n", flowId: "b" }], timeWindow: { window: "PT1H" } },
  })[0];

  it("completes once every sub-condition is met within one window, then starts over", () => {
    const first = advanceWindow(two, null, ["flows.0"], at("2026-06-01T10:10:00Z"));
    expect(first.complete).toBe(false);
    expect(first.state).toMatchObject({ windowStart: at("2026-06-01T10:00:00Z"), windowEnd: at("2026-06-01T11:00:00Z") });
    const again = advanceWindow(two, first.state, ["flows.0"], at("2026-06-01T10:20:00Z"));
    expect(again.complete).toBe(false);
    const second = advanceWindow(two, again.state, ["flows.1"], at("2026-06-01T10:50:00Z"));
    expect(second).toEqual({ complete: true, state: null });
  });

  it("does not complete when the window passed between the two", () => {
    const first = advanceWindow(two, null, ["flows.0"], at("2026-06-01T10:50:00Z"));
    const second = advanceWindow(two, first.state, ["flows.1"], at("2026-06-01T11:05:00Z"));
    expect(second.complete).toBe(false);
    expect(Object.keys(second.state!.results)).toEqual(["flows.1"]);
  });

  it("a sliding window keeps what was met within its length; resetOnSuccess false keeps firing", () => {
    const sliding = { ...two, timeWindow: { type: "SLIDING_WINDOW" as const, window: "PT1H" }, resetOnSuccess: false };
    const a = advanceWindow(sliding, null, ["flows.0"], at("2026-06-01T10:50:00Z"));
    const b = advanceWindow(sliding, a.state, ["flows.1"], at("2026-06-01T11:30:00Z"));
    expect(b.complete).toBe(true);
    const c = advanceWindow(sliding, b.state, ["flows.1"], at("2026-06-01T11:40:00Z"));
    expect(c.complete).toBe(true);
    const d = advanceWindow(sliding, c.state, ["flows.1"], at("2026-06-01T12:00:00Z"));
    expect(d.complete).toBe(false);
  });
});
