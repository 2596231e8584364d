import { EventEmitter } from "node:events";
import pg from "pg";
import { config, isPostgres } from "@/lib/config";
import type { Channel } from "./store";

// Waiters of the queue: a loop with nothing to do sleeps until it is woken or its polling interval
// ends. Writers in this process wake it directly; on PostgreSQL a dedicated connection (not one of
// the pool's) LISTENs for the notifications other processes send at commit (store.notifyOnCommit).
// Polling stays the fallback: a lost notification or a dropped connection only delays work.

// One emitter per process, shared through globalThis: the server bundles its route handlers and
// its instrumentation (where the app's roles run) as separate module graphs, each of which would
// otherwise get an emitter of its own, and a start from the API would not wake the app's executor.
const KEY = Symbol.for("tenantflow.executions.wakeup");
const shared = globalThis as typeof globalThis & { [KEY]?: EventEmitter };
const local: EventEmitter = (shared[KEY] ??= new EventEmitter().setMaxListeners(0));

/** Wakes this process's waiters on the channel (after the commit that made work). */
export function wake(channel: Channel) {
  local.emit(channel);
}

export class Waiter {
  private client: pg.Client | null = null;
  private closed = false;
  private wakers = new Set<() => void>();
  /** a wake-up came while nobody waited (the loop was busy): the next wait ends at once */
  private missed = false;

  constructor(private channels: Channel[]) {}

  /** Starts listening (PostgreSQL); a failure to connect leaves polling alone in charge. */
  async start() {
    for (const c of this.channels) local.on(c, this.wakeAll);
    if (!isPostgres()) return;
    await this.listen();
  }

  /** Connects and listens; on failure, or when the connection drops later, polling carries on and
   * listening is tried again after a while. */
  private async listen() {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: config().databaseUrl });
    let retried = false;
    const retry = () => {
      if (retried) return;
      retried = true;
      if (this.client === client) this.client = null;
      client.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => void this.listen(), 2000).unref();
    };
    client.on("notification", this.wakeAll);
    client.on("error", retry);
    try {
      await client.connect();
      for (const c of this.channels) await client.query(`LISTEN ${c}`);
    } catch {
      retry();
      return;
    }
    this.client = client;
    if (this.closed) await client.end().catch(() => undefined);
  }

  private wakeAll = () => {
    if (this.wakers.size === 0) this.missed = true;
    for (const w of [...this.wakers]) w();
  };

  /** Resolves when one of the channels is notified or after `ms`; at once when a notification
   * came since the last wait ended (work committed while the loop was busy is not slept through). */
  wait(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.missed) {
      this.missed = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  /** Ends the wait in progress now (stop()). */
  interrupt() {
    this.wakeAll();
  }

  async close() {
    this.closed = true;
    for (const c of this.channels) local.off(c, this.wakeAll);
    this.wakeAll();
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }
}
