import { describe, expect, it } from "vitest";
import { isPostgres } from "@/lib/config";
import { db } from "@/lib/db";
import { CHANNELS } from "@/lib/executions/store";
import { Waiter, wake } from "@/lib/executions/wakeup";
import { advanceExecution, resetEngine, setEngine } from "@/lib/executions/processes";
import { fakeStep } from "./support/fake-engine";
import { flowWith } from "./support/data";

// Waiters wake on work instead of waiting out their polling interval: from this process directly,
// and on PostgreSQL from any process through LISTEN/NOTIFY on a connection of their own.

describe("waiters", () => {
  it("wake when this process makes work on their channel, not on another channel", async () => {
    const w = new Waiter([CHANNELS.worker]);
    await w.start();
    let woken = false;
    const waiting = w.wait(600_000).then(() => (woken = true));
    wake(CHANNELS.executor);
    await Promise.resolve();
    expect(woken).toBe(false);
    wake(CHANNELS.worker);
    await waiting;
    await w.close();
  });

  it("do not sleep through work made while their loop was busy: the next wait ends at once, once", async () => {
    const w = new Waiter([CHANNELS.worker]);
    await w.start();
    // nobody waits: the loop is between two waits
    wake(CHANNELS.worker);
    await w.wait(600_000);
    // the wake-up was used up: the next wait waits for another one
    let woken = false;
    const waiting = w.wait(600_000).then(() => (woken = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(woken).toBe(false);
    wake(CHANNELS.worker);
    await waiting;
    await w.close();
  });

  it.skipIf(!isPostgres(process.env.DATABASE_URL))("wake on an insert into the queue's tables, at its commit, with no notification sent by the writer (PostgreSQL triggers)", async () => {
    setEngine({ step: fakeStep });
    const flow = await flowWith([{ id: "a", type: "test.Sleep" }]);
    const execution = await flow.start();
    const executors = new Waiter([CHANNELS.executor]);
    const workers = new Waiter([CHANNELS.worker]);
    await Promise.all([executors.start(), workers.start()]);
    try {
      // the executor's pass inserts the task's job; its caller (the loop) would wake this process's
      // workers, and is not here: only the database's notification can end the wait
      const jobWaited = workers.wait(600_000);
      await advanceExecution({ tenantId: flow.tenantId, executionId: execution.id });
      await jobWaited;
      // an event inserted through the pool, as another process would
      const eventWaited = executors.wait(600_000);
      await db.executionEvent.createMany({ data: [{ tenantId: flow.tenantId, executionId: execution.id, payload: JSON.stringify({ type: "kill" }) }] });
      await eventWaited;
    } finally {
      resetEngine();
      await Promise.all([executors.close(), workers.close()]);
    }
  });

  it.skipIf(!isPostgres(process.env.DATABASE_URL))("wake on a notification sent by another connection at its commit (PostgreSQL)", async () => {
    const w = new Waiter([CHANNELS.executor]);
    await w.start();
    const waiting = w.wait(600_000);
    // sent through the pool, not this process's in-memory wakeups
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_notify(${CHANNELS.executor}, '')`;
    });
    await waiting;
    await w.close();
  });
});
