// HTTP load with autocannon (npm), on loopback: a warm-up run that is thrown away, then the
// measured run, whose per-response latencies are collected exactly (autocannon's own histogram
// rounds to whole milliseconds).
import { createRequire } from "node:module";
import { perResponse } from "./cpu";
import { type Summary, summarize } from "./stats";

const require = createRequire(import.meta.url);

type AutocannonResult = { errors: number; timeouts: number; non2xx: number; duration: number; "2xx": number };
type AutocannonInstance = {
  on(event: "response", fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: "done", fn: (r: AutocannonResult) => void): void;
  on(event: "error", fn: (e: Error) => void): void;
};
type Autocannon = (opts: Record<string, unknown>) => AutocannonInstance;
const autocannon = require("autocannon") as Autocannon;

export type LoadResult = Summary & {
  errors: number;
  non2xx: number;
  bytesPerResponse: number;
  /**
   * The tail without connection set-up: the p99 of the responses that were not their connection's
   * first, and the slowest first response (each run opens its connections anew).
   */
  steadyP99?: number;
  firstMax?: number;
  /** CPU time per response (ms) of the server's processes, and of the database's when it has its own */
  serverCpuMs?: number;
  databaseCpuMs?: number;
};

/** Readings of CPU time used so far (ms): the server's processes, and the database's (0 when in-process). */
export type CpuReading = () => { server: number; database: number };

function once(opts: Record<string, unknown>, record: boolean) {
  return new Promise<{ result: AutocannonResult; latencies: number[]; first: number[]; steady: number[]; bytes: number; started: number; ended: number }>((resolve, reject) => {
    const latencies: number[] = [];
    const first: number[] = [];
    const steady: number[] = [];
    const seen = new WeakSet<object>();
    let bytes = 0;
    const started = performance.now();
    const instance = autocannon(opts);
    instance.on("response", (client, status, size, ms) => {
      if (record && status >= 200 && status < 300) {
        latencies.push(ms);
        bytes += size;
        if (seen.has(client as object)) steady.push(ms);
        else {
          seen.add(client as object);
          first.push(ms);
        }
      }
    });
    instance.on("done", (result) => resolve({ result, latencies, first, steady, bytes, started, ended: performance.now() }));
    instance.on("error", reject);
  });
}

export async function load(opts: {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** read before and after the measured run (not the warm-up) */
  cpu?: CpuReading;
}): Promise<LoadResult> {
  const base = { url: opts.url, headers: opts.headers ?? {}, connections: opts.connections, pipelining: 1, timeout: 30 };
  if (opts.warmupSeconds > 0) await once({ ...base, duration: opts.warmupSeconds }, false);
  const before = opts.cpu?.();
  const { result, latencies, first, steady, bytes, started, ended } = await once({ ...base, duration: opts.seconds }, true);
  const after = opts.cpu?.();
  const seconds = (ended - started) / 1000;
  // every answer cost the server, whatever its status
  const answered = latencies.length + result.non2xx;
  return {
    ...summarize(latencies, seconds),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    bytesPerResponse: latencies.length ? bytes / latencies.length : 0,
    steadyP99: summarize(steady, seconds).p99,
    firstMax: first.length ? Math.max(...first) : undefined,
    serverCpuMs: before && after ? perResponse(before.server, after.server, answered) : undefined,
    databaseCpuMs: before && after ? perResponse(before.database, after.database, answered) : undefined,
  };
}
