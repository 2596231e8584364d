import { describe, expect, it } from "vitest";
import { isPostgres } from "@/lib/config";
import { db } from "@/lib/db";
import { CHANNELS } from "@/lib/executions/store";
import { Waiter, wake } from "@/lib/executions/wakeup";

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
