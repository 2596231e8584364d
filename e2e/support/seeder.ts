import crypto from "node:crypto";
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import { E2E_ENV } from "./env";
import type { SeedSpec, Seeded } from "./seed";

// One per Playwright worker: a thread of the worker's own process that keeps the product's data
// layer open (seeder-thread.mjs), instead of a process started per seeding. Calls block until the
// thread answers, so seed() stays synchronous for the specs that call it as an expression.
const ANSWER_WITHIN_MS = 120_000;

type Answer = { id: number; result?: unknown; error?: string };

export class Seeder {
  private thread?: { worker: Worker; reply: MessagePort; flag: Int32Array };
  private calls = 0;
  private seeded = 0;
  // names are unique per worker (its index) and per run on a reused database (the tag)
  private readonly prefix: string;

  /** `env`: settings the thread uses on top of this process's own (default: the e2e server's). */
  constructor(
    workerIndex: number,
    private readonly env: Record<string, string> = E2E_ENV,
  ) {
    this.prefix = `${crypto.randomBytes(2).toString("hex")}w${workerIndex}`;
  }

  /** Creates fresh users, tenants and what the spec lists, each name unique to this call. */
  seed(spec: SeedSpec): Seeded {
    return this.call({ op: "seed", spec, suffix: `${this.prefix}n${++this.seeded}` }) as Seeded;
  }

  /** A tenant's secret backend as the backend settings page sets it (JSON, or null to inherit). */
  setTenantSecretBackend(tenantId: string, setting: string | null) {
    this.call({ op: "secret-backend", tenantId, setting });
  }

  async close() {
    const thread = this.thread;
    if (!thread) return;
    this.thread = undefined;
    try {
      this.callOn(thread, { op: "close" });
    } finally {
      await thread.worker.terminate();
    }
  }

  private call(req: Record<string, unknown>): unknown {
    this.thread ??= this.start();
    return this.callOn(this.thread, req);
  }

  private callOn(thread: NonNullable<Seeder["thread"]>, req: Record<string, unknown>): unknown {
    const id = ++this.calls;
    // the flag holds the id of the thread's last answer; it changes when this call is answered
    const before = Atomics.load(thread.flag, 0);
    thread.worker.postMessage({ ...req, id });
    const waited = Atomics.wait(thread.flag, 0, before, ANSWER_WITHIN_MS);
    const got = receiveMessageOnPort(thread.reply)?.message as Answer | undefined;
    if (!got || got.id !== id) {
      // a thread that died or hangs is replaced on the next call
      if (this.thread === thread) this.thread = undefined;
      void thread.worker.terminate();
      throw new Error(`the seeding thread did not answer (${waited}) within ${ANSWER_WITHIN_MS / 1000} s`);
    }
    if (got.error !== undefined) throw new Error(`seeding failed: ${got.error}`);
    return got.result;
  }

  private start() {
    const { port1: reply, port2 } = new MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(new URL("./seeder-thread.mjs", import.meta.url), {
      workerData: { reply: port2, flag },
      transferList: [port2],
      env: { ...process.env, ...this.env },
      // lib/ modules start with `import "server-only"`, which only this condition lets load
      execArgv: ["--conditions=react-server"],
    });
    // not waited for: an idle thread must not keep the worker alive, nor its errors end it
    worker.unref();
    worker.on("error", (e) => {
      console.error("seeding thread:", e);
      if (this.thread?.worker === worker) this.thread = undefined;
    });
    return { worker, reply, flag };
  }
}
