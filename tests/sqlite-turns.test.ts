import { describe, expect, it } from "vitest";
import { isPostgres } from "@/lib/config";
import { db } from "@/lib/db";

// SQLite statements run synchronously on the event loop. Outside a transaction each waits for a
// turn of the loop of its own (lib/db/client.ts), so that a busy server still polls its sockets
// between statements: Node accepts one new connection per turn, and without this, connections
// opened under load waited 1–4 s for their first response (docs/benchmarks.md).

const pg = isPostgres(process.env.DATABASE_URL);

/** A counter of event-loop turns (one per check phase) while `fn` runs. */
async function countingTurns<T>(fn: (turn: () => number) => Promise<T>): Promise<T> {
  let turn = 0;
  let running = true;
  const tick = () => {
    turn++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return await fn(() => turn);
  } finally {
    running = false;
  }
}

describe.skipIf(pg)("SQLite statements take turns of the event loop", () => {
  it("statements asked for at once are answered in order, each in a later turn than the one before", async () => {
    await db.$queryRaw`SELECT 1`; // connected
    const answered = await countingTurns(async (turn) => {
      const seen: { n: number; turn: number }[] = [];
      await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          db.$queryRaw<{ n: number | bigint }[]>`SELECT ${i} AS n`.then(([row]) => seen.push({ n: Number(row.n), turn: turn() })),
        ),
      );
      return seen;
    });
    expect(answered.map((a) => a.n)).toEqual([0, 1, 2, 3, 4, 5]);
    for (let i = 1; i < answered.length; i++) expect(answered[i].turn, `statement ${i}`).toBeGreaterThan(answered[i - 1].turn);
  });

  it("a transaction's statements run while others wait for their turns, and everything is answered", async () => {
    const tenant = `turns-${Date.now()}`;
    const [inside, ...outside] = await Promise.all([
      db.$transaction(async (tx) => {
        const a = await tx.$queryRaw<{ n: number | bigint }[]>`SELECT 1 AS n`;
        const b = await tx.$queryRaw<{ n: number | bigint }[]>`SELECT 2 AS n`;
        return Number(a[0].n) + Number(b[0].n);
      }),
      ...Array.from({ length: 5 }, (_, i) => db.$queryRaw<{ s: string }[]>`SELECT ${`${tenant}-${i}`} AS s`),
    ]);
    expect(inside).toBe(3);
    expect(outside.map(([r]) => r.s)).toEqual([0, 1, 2, 3, 4].map((i) => `${tenant}-${i}`));
  });
});
