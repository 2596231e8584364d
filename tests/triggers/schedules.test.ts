import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db, tenantDb } from "@/lib/db";
import { type Role, runExecutor, runWorker } from "@/lib/executions/processes";
import { createFlow, deleteFlow, updateFlow } from "@/lib/flows/flows";
import { fireDueSchedules } from "@/lib/triggers/fire";
import { makeTenant } from "../helpers";
import { emptyQueue, until } from "../executions/support/data";

// what earlier files left in this worker's database is not this file's work
beforeAll(emptyQueue);

// Schedule triggers fired with an injected clock: no test waits for a wall-clock minute.

const flowYaml = (id: string, trigger: string, extra = "") =>
  `id: ${id}\nnamespace: company.team\n${extra}tasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: "fired {{ trigger.date }} next {{ trigger.next }} previous {{ trigger.previous }}"\ntriggers:\n  - id: every\n    type: io.kestra.plugin.core.trigger.Schedule\n${trigger}`;

async function tenantWith(yaml: string) {
  const tenant = await makeTenant();
  const ctx = await tenantContext(cliActor(), tenant.id);
  const flow = await createFlow(ctx, yaml);
  return { tenantId: tenant.id, ctx, flow };
}

const executions = (tenantId: string) =>
  tenantDb(tenantId).execution.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, trigger: true, flowId: true, inputs: true, labels: true } });
const dates = async (tenantId: string) =>
  (await executions(tenantId)).map((e) => (JSON.parse(e.trigger!) as { variables: { date: string } }).variables.date).sort();
const triggerRow = (tenantId: string) => tenantDb(tenantId).trigger.findFirstOrThrow({});

/** Moves the trigger's next date into the past, as if the scheduler had been down since then. */
const downSince = (tenantId: string, date: string) => tenantDb(tenantId).trigger.updateMany({ data: { nextDate: new Date(date) } });

let roles: Role[] = [];
afterEach(async () => {
  await Promise.all(roles.map((r) => r.stop()));
  roles = [];
  // fireDueSchedules serves every tenant: each test starts without the others' due triggers and executions
  await db.trigger.deleteMany({});
  await db.execution.deleteMany({});
});

describe("Schedule triggers", () => {
  it("get a row when the flow is saved, follow its changes, and lose it when the flow is deleted", async () => {
    const { tenantId, ctx } = await tenantWith(flowYaml("kept", '    cron: "0 9 * * *"\n'));
    const row = await triggerRow(tenantId);
    expect(row.triggerId).toBe("every");
    expect(row.nextDate!.getTime()).toBeGreaterThan(Date.now());
    expect(row.nextDate!.toISOString()).toMatch(/T09:00:00.000Z$/);
    await updateFlow(ctx, "company.team", "kept", flowYaml("kept", '    cron: "0 10 * * *"\n'), 1);
    expect((await triggerRow(tenantId)).nextDate!.toISOString()).toMatch(/T10:00:00.000Z$/);
    await updateFlow(ctx, "company.team", "kept", flowYaml("kept", '    cron: "0 10 * * *"\n', "disabled: true\n"), 2);
    expect((await triggerRow(tenantId)).nextDate).toBeNull();
    await updateFlow(ctx, "company.team", "kept", flowYaml("kept", '    cron: "0 10 * * *"\n    disabled: true\n'), 3);
    expect((await triggerRow(tenantId)).nextDate).toBeNull();
    await updateFlow(ctx, "company.team", "kept", flowYaml("kept", '    cron: "0 10 * * *"\n'), 4);
    expect((await triggerRow(tenantId)).nextDate).not.toBeNull();
    await deleteFlow(ctx, "company.team", "kept");
    expect(await tenantDb(tenantId).trigger.count()).toBe(0);
  });

  it("fire a due date once, with the trigger's inputs and labels, and move on to the next", async () => {
    const { tenantId } = await tenantWith(
      flowYaml(
        "hello",
        '    cron: "*/5 * * * *"\n    inputs:\n      who: world\n      day: "{{ trigger.date | date(\'yyyy-MM-dd HH:mm\') }}"\n    labels:\n      team: data\n',
        "inputs:\n  - id: who\n    type: STRING\n  - id: day\n    type: STRING\n",
      ),
    );
    await downSince(tenantId, "2026-06-01T10:05:00Z");
    expect(await fireDueSchedules({ schedulerId: "s1", now: new Date("2026-06-01T10:04:59Z") })).toBe(0);
    expect(await fireDueSchedules({ schedulerId: "s1", now: new Date("2026-06-01T10:05:01Z") })).toBe(1);
    expect(await fireDueSchedules({ schedulerId: "s1", now: new Date("2026-06-01T10:05:02Z") })).toBe(0);
    const [e] = await executions(tenantId);
    expect(JSON.parse(e.trigger!)).toEqual({
      kind: "schedule",
      id: "every",
      variables: { date: "2026-06-01T10:05:00.000Z", next: "2026-06-01T10:10:00.000Z", previous: "2026-06-01T10:00:00.000Z" },
    });
    // input values are rendered against the date's variables
    expect(JSON.parse(e.inputs)).toEqual({ who: "world", day: "2026-06-01 10:05" });
    expect(JSON.parse(e.labels)).toEqual([{ key: "team", value: "data" }]);
    const row = await triggerRow(tenantId);
    expect(row.nextDate!.toISOString()).toBe("2026-06-01T10:10:00.000Z");
    expect(row.lastDate!.toISOString()).toBe("2026-06-01T10:05:00.000Z");
    expect(row.executionId).toBe(e.id);
    expect(row.lockedBy).toBeNull();
  });

  it("recover missed schedules after downtime: ALL (the default) every one in order, LAST the last, NONE none", async () => {
    const now = new Date("2026-06-01T10:32:00Z");
    const all = await tenantWith(flowYaml("all", '    cron: "*/10 * * * *"\n'));
    await downSince(all.tenantId, "2026-06-01T10:00:00Z");
    await fireDueSchedules({ schedulerId: "s1", now });
    expect(await dates(all.tenantId)).toEqual(["2026-06-01T10:00:00.000Z", "2026-06-01T10:10:00.000Z", "2026-06-01T10:20:00.000Z", "2026-06-01T10:30:00.000Z"]);

    const last = await tenantWith(flowYaml("last", '    cron: "*/10 * * * *"\n    recoverMissedSchedules: LAST\n'));
    await downSince(last.tenantId, "2026-06-01T10:00:00Z");
    await fireDueSchedules({ schedulerId: "s1", now });
    expect(await dates(last.tenantId)).toEqual(["2026-06-01T10:30:00.000Z"]);
    expect((await triggerRow(last.tenantId)).nextDate!.toISOString()).toBe("2026-06-01T10:40:00.000Z");

    const none = await tenantWith(flowYaml("none", '    cron: "*/10 * * * *"\n    recoverMissedSchedules: NONE\n'));
    await downSince(none.tenantId, "2026-06-01T10:00:00Z");
    await fireDueSchedules({ schedulerId: "s1", now });
    expect(await dates(none.tenantId)).toEqual([]);
    expect((await triggerRow(none.tenantId)).nextDate!.toISOString()).toBe("2026-06-01T10:40:00.000Z");
    // back on time: the next date fires
    await fireDueSchedules({ schedulerId: "s1", now: new Date("2026-06-01T10:40:01Z") });
    expect(await dates(none.tenantId)).toEqual(["2026-06-01T10:40:00.000Z"]);
  });

  it("fire the dates of a pass that is a few seconds late, even with recoverMissedSchedules NONE", async () => {
    const { tenantId } = await tenantWith(flowYaml("late", '    cron: "* * * * * *"\n    withSeconds: true\n    recoverMissedSchedules: NONE\n'));
    await downSince(tenantId, "2026-06-01T10:00:00Z");
    await fireDueSchedules({ schedulerId: "s1", now: new Date("2026-06-01T10:00:02.500Z") });
    expect(await dates(tenantId)).toEqual(["2026-06-01T10:00:00.000Z", "2026-06-01T10:00:01.000Z", "2026-06-01T10:00:02.000Z"]);
  });

  it("fire a backfill's dates in order, a bounded number per pass, then clear it", async () => {
    const { tenantId } = await tenantWith(
      flowYaml("backfilled", '    cron: "0 * * * *"\n    backfill:\n      start: "2026-05-01T00:00:00Z"\n      end: "2026-05-01T23:59:00Z"\n'),
    );
    const now = new Date("2026-06-01T00:00:00Z");
    await tenantDb(tenantId).trigger.updateMany({ data: { nextDate: new Date("2026-07-01T00:00:00Z") } });
    expect(await fireDueSchedules({ schedulerId: "s1", now, perTrigger: 10 })).toBe(10);
    expect(await dates(tenantId)).toEqual(Array.from({ length: 10 }, (_, h) => `2026-05-01T${String(h).padStart(2, "0")}:00:00.000Z`));
    expect((await triggerRow(tenantId)).backfillCurrent!.toISOString()).toBe("2026-05-01T09:00:00.001Z");
    expect(await fireDueSchedules({ schedulerId: "s1", now, perTrigger: 10 })).toBe(10);
    expect(await fireDueSchedules({ schedulerId: "s1", now, perTrigger: 10 })).toBe(4);
    expect(await dates(tenantId)).toEqual(Array.from({ length: 24 }, (_, h) => `2026-05-01T${String(h).padStart(2, "0")}:00:00.000Z`));
    const row = await triggerRow(tenantId);
    expect([row.backfillStart, row.backfillCurrent, row.backfillEnd]).toEqual([null, null, null]);
  });

  it("fire nothing for a disabled trigger, a disabled flow or a deleted one", async () => {
    const { tenantId, ctx } = await tenantWith(flowYaml("off", '    cron: "* * * * *"\n'));
    const now = new Date("2026-06-01T10:00:30Z");
    await tenantDb(tenantId).trigger.updateMany({ data: { disabled: true, nextDate: new Date("2026-06-01T10:00:00Z") } });
    expect(await fireDueSchedules({ schedulerId: "s1", now })).toBe(0);
    await tenantDb(tenantId).trigger.updateMany({ data: { disabled: false } });
    await tenantDb(tenantId).flow.updateMany({ data: { disabled: true } });
    expect(await fireDueSchedules({ schedulerId: "s1", now })).toBe(0);
    await tenantDb(tenantId).flow.updateMany({ data: { disabled: false } });
    await deleteFlow(ctx, "company.team", "off");
    expect(await fireDueSchedules({ schedulerId: "s1", now })).toBe(0);
    expect(await executions(tenantId)).toEqual([]);
  });

  it("skip the dates an ExpressionCondition refuses", async () => {
    const { tenantId } = await tenantWith(
      flowYaml("cond", '    cron: "0 * * * *"\n    conditions:\n      - type: io.kestra.plugin.core.condition.ExpressionCondition\n        expression: "{{ trigger.date | date(\'HH\') == \'10\' }}"\n'),
    );
    await downSince(tenantId, "2026-06-01T09:00:00Z");
    await fireDueSchedules({ schedulerId: "s1", now: new Date("2026-06-01T11:30:00Z") });
    expect(await dates(tenantId)).toEqual(["2026-06-01T10:00:00.000Z"]);
  });

  it("skip the dates a Not over DayWeek refuses, read in the trigger's time zone", async () => {
    // midnight in Paris: Saturday 1, Sunday 2 and Monday 3 November 2025 are 23:00 UTC the day before
    const { tenantId } = await tenantWith(
      flowYaml(
        "not-sunday",
        '    cron: "0 0 * * *"\n    timezone: Europe/Paris\n    conditions:\n      - type: io.kestra.plugin.core.condition.Not\n        conditions:\n          - type: io.kestra.plugin.core.condition.DayWeek\n            dayOfWeek: SUNDAY\n',
      ),
    );
    await downSince(tenantId, "2025-10-31T23:00:00Z");
    await fireDueSchedules({ schedulerId: "s1", now: new Date("2025-11-02T23:00:30Z") });
    // Sunday in Paris is skipped (in UTC it would have been the Monday)
    expect(await dates(tenantId)).toEqual(["2025-10-31T23:00:00.000Z", "2025-11-02T23:00:00.000Z"]);
    expect((await triggerRow(tenantId)).nextDate!.toISOString()).toBe("2025-11-03T23:00:00.000Z");
  });

  it("fire on the dates a DayWeekInMonth and an Or of Weekend and PublicHoliday allow, and skip the dates a condition cannot read", async () => {
    const { tenantId } = await tenantWith(
      flowYaml(
        "days-off",
        '    cron: "0 11 * * *"\n    conditions:\n      - type: io.kestra.plugin.core.condition.Or\n        conditions:\n          - type: io.kestra.plugin.core.condition.Weekend\n          - type: io.kestra.plugin.core.condition.PublicHoliday\n            country: FR\n',
      ),
    );
    // Friday 11 to Tuesday 15 July 2025: the weekend and Bastille Day
    await downSince(tenantId, "2025-07-11T11:00:00Z");
    await fireDueSchedules({ schedulerId: "s1", now: new Date("2025-07-15T11:00:30Z") });
    expect(await dates(tenantId)).toEqual(["2025-07-12T11:00:00.000Z", "2025-07-13T11:00:00.000Z", "2025-07-14T11:00:00.000Z"]);
    await db.execution.deleteMany({});

    const first = await tenantWith(
      flowYaml("first-monday", '    cron: "0 11 * * 1"\n    conditions:\n      - type: io.kestra.plugin.core.condition.DayWeekInMonth\n        dayOfWeek: MONDAY\n        dayInMonth: FIRST\n'),
    );
    await downSince(first.tenantId, "2025-08-25T11:00:00Z");
    await fireDueSchedules({ schedulerId: "s1", now: new Date("2025-09-08T11:00:30Z") });
    expect(await dates(first.tenantId)).toEqual(["2025-09-01T11:00:00.000Z"]);

    const broken = await tenantWith(
      flowYaml("unknown-country", '    cron: "0 11 * * *"\n    conditions:\n      - type: io.kestra.plugin.core.condition.PublicHoliday\n        country: "{{ \'XX\' }}"\n'),
    );
    await downSince(broken.tenantId, "2025-07-14T11:00:00Z");
    await fireDueSchedules({ schedulerId: "s1", now: new Date("2025-07-14T11:00:30Z") });
    expect(await executions(broken.tenantId)).toEqual([]);
    // the date passed: the trigger goes on
    expect((await triggerRow(broken.tenantId)).nextDate!.toISOString()).toBe("2025-07-15T11:00:00.000Z");
  });

  it("fire each tenant's triggers in that tenant only", async () => {
    const a = await tenantWith(flowYaml("same", '    cron: "*/10 * * * *"\n'));
    const b = await tenantWith(flowYaml("same", '    cron: "*/10 * * * *"\n    disabled: true\n'));
    await downSince(a.tenantId, "2026-06-01T10:00:00Z");
    await fireDueSchedules({ schedulerId: "s1", now: new Date("2026-06-01T10:00:05Z") });
    expect(await dates(a.tenantId)).toEqual(["2026-06-01T10:00:00.000Z"]);
    expect(await executions(b.tenantId)).toEqual([]);
    expect(await db.execution.count({ where: { tenantId: { in: [a.tenantId, b.tenantId] } } })).toBe(1);
  });

  it("start exactly one execution per date with two schedulers racing", async () => {
    const tenants = await Promise.all(Array.from({ length: 4 }, (_, i) => tenantWith(flowYaml(`race${i}`, '    cron: "* * * * *"\n'))));
    for (const t of tenants) await downSince(t.tenantId, "2026-06-01T10:00:00Z");
    const now = new Date("2026-06-01T10:05:30Z");
    const [x, y] = await Promise.all([fireDueSchedules({ schedulerId: "s1", now }), fireDueSchedules({ schedulerId: "s2", now })]);
    // six dates (10:00 to 10:05) per trigger, each once, however the two shared them
    let total = x + y;
    for (let i = 0; i < 3 && total < 24; i++) {
      const more = await Promise.all([fireDueSchedules({ schedulerId: "s1", now }), fireDueSchedules({ schedulerId: "s2", now })]);
      total += more[0] + more[1];
    }
    expect(total).toBe(24);
    for (const t of tenants) {
      expect(await dates(t.tenantId)).toEqual(["00", "01", "02", "03", "04", "05"].map((m) => `2026-06-01T10:${m}:00.000Z`));
    }
  });

  it("leave a stuck lock alone until it runs out", async () => {
    const { tenantId } = await tenantWith(flowYaml("stuck", '    cron: "* * * * *"\n'));
    const now = new Date("2026-06-01T10:00:30Z");
    await tenantDb(tenantId).trigger.updateMany({ data: { nextDate: new Date("2026-06-01T10:00:00Z"), lockedBy: "dead", lockedUntil: new Date("2026-06-01T10:01:00Z") } });
    expect(await fireDueSchedules({ schedulerId: "s1", now })).toBe(0);
    expect(await fireDueSchedules({ schedulerId: "s1", now: new Date("2026-06-01T10:01:01Z") })).toBeGreaterThan(0);
  });

  it("pass trigger.date, next and previous to the flow's expressions, and stop after a listed state", async () => {
    const yaml =
      "id: stops\nnamespace: company.team\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: \"fired {{ trigger.date }} next {{ trigger.next }} previous {{ trigger.previous }}\"\n" +
      "  - id: fail\n    type: io.kestra.plugin.core.execution.Fail\ntriggers:\n  - id: every\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"0 * * * *\"\n    stopAfter: [FAILED]\n";
    const { tenantId } = await tenantWith(yaml);
    await downSince(tenantId, "2026-06-01T10:00:00Z");
    expect(await fireDueSchedules({ schedulerId: "s1", now: new Date("2026-06-01T10:00:01Z") })).toBe(1);
    roles = [runExecutor({ pollMs: 100 }), runWorker({ concurrency: 2, pollMs: 100 })];
    const [e] = await executions(tenantId);
    await until(async () => (await tenantDb(tenantId).execution.findFirst({ where: { id: e.id, state: "FAILED" } })) !== null, 20_000, "the execution to fail");
    const logs = await tenantDb(tenantId).executionLog.findMany({ where: { executionId: e.id, taskId: "log" } });
    expect(logs.map((l) => l.message)).toContain("fired 2026-06-01T10:00:00.000Z next 2026-06-01T11:00:00.000Z previous 2026-06-01T09:00:00.000Z");
    expect((await triggerRow(tenantId)).disabled).toBe(true);
    expect(await fireDueSchedules({ schedulerId: "s1", now: new Date("2026-06-01T11:00:01Z") })).toBe(0);
  });
});
