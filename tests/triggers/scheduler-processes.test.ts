import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { tenantDb } from "@/lib/db";
import { createFlow } from "@/lib/flows/flows";
import { makeTenant } from "../helpers";
import { until } from "../executions/support/data";
import { startRole } from "../executions/support/role-process";

// Two `tenantflow scheduler` processes on one database, a schedule firing every second with a
// backlog of missed seconds to recover: every date fires exactly once, none is skipped.

const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill("SIGTERM");
      await once(c, "exit");
    }
  }
});

const startScheduler = () => startRole(children, ["scheduler"]);

describe("scheduler processes", () => {
  // generous deadlines: two processes start and catch up on a machine that may be busy
  it("fire each date of a schedule once with two schedulers running", { timeout: 150_000 }, async () => {
    const tenant = (await makeTenant()).id;
    await createFlow(
      await tenantContext(cliActor(), tenant),
      "id: every-second\nnamespace: company.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: m\ntriggers:\n  - id: tick\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"* * * * * *\"\n    withSeconds: true\n",
    );
    const start = new Date(Math.floor(Date.now() / 1000) * 1000 - 15_000);
    await tenantDb(tenant).trigger.updateMany({ data: { nextDate: start } });
    const schedulers = await Promise.all([startScheduler(), startScheduler()]);
    const dates = async () =>
      (await tenantDb(tenant).execution.findMany({ select: { trigger: true } })).map((e) => (JSON.parse(e.trigger!) as { variables: { date: string } }).variables.date);
    await until(async () => (await dates()).length >= 20, 90_000, "twenty fired dates");
    for (const s of schedulers) {
      s.kill("SIGTERM");
      await once(s, "exit");
    }
    const fired = (await dates()).sort();
    expect(new Set(fired).size).toBe(fired.length);
    expect(fired[0]).toBe(start.toISOString());
    const gaps = fired.slice(1).map((d, i) => Date.parse(d) - Date.parse(fired[i]));
    expect(gaps.every((g) => g === 1000)).toBe(true);
  });
});
