import { isPostgres } from "@/lib/config";
import type { Tx } from "@/lib/db";
import { CHANNELS, type Channel, applyStep, loadState, newId } from "../store";
import type { EngineState, StepResult } from "../types";
import { admit, limitsFromChain, prepareTenant, refusedStep } from "../concurrency";
import "../install-engine";
import { type DueExecution, dueExecutions, postponeEvents, withExecution } from "../queue";
import { Waiter, wake } from "../wakeup";
import { type StepDeps, engine, renderer } from "./engine";
import { loadChain } from "@/lib/namespaces/chain";
import { chainPluginDefaults } from "@/lib/namespaces/settings";
import { flowOf } from "./flows";
import { subflowPort } from "../subflows";
import { Backoff, type Role, isConnectionError, reportError, roleId } from "./role";

/** Task runs one execution may create (the executor's bound on loops). */
export const MAX_TASK_RUNS = 10_000;

export type ExecutorOptions = {
  id?: string;
  /** how long an idle executor sleeps when nothing wakes it (ms) */
  pollMs?: number;
  /** executions taken per pass, and events per execution per transaction */
  batch?: number;
  /** how long an execution whose step failed waits before it is tried again (ms) */
  retryMs?: number;
  /**
   * executions advanced at once, each in its own transaction (PostgreSQL: 2 by default, the time
   * of a pass is partly waiting for the database; more lanes keep more work on this process's one
   * event loop and each step waits longer for its turn, which another tenant's new work then
   * waits behind (docs/benchmarks.md, Fairness); SQLite: 1, it has one writer)
   */
  parallel?: number;
  /**
   * how long a pass takes new executions from its list (ms, 10 by default): then the due
   * executions are read again, so work that arrived meanwhile (another tenant's) waits at most
   * about this long behind a backlog, not a whole pass of `batch` executions
   */
  passMs?: number;
};

/** Executions whose last committed state this process keeps, to skip reading them back. */
const STATE_CACHE_SIZE = 16;
const states = new Map<string, EngineState>();
const cacheKey = (due: DueExecution) => `${due.tenantId}/${due.executionId}`;

/**
 * The execution's state: the one this process committed last when the locked row's version says nothing
 * changed it since (another executor, an action), else read from the database. The cached state is
 * taken out: it is put back only once the transaction using it has committed.
 */
async function stateOf(tx: Tx, due: DueExecution, version: number, read: EngineState | undefined): Promise<EngineState | null> {
  const key = cacheKey(due);
  const cached = states.get(key);
  states.delete(key);
  if (cached && version === cached.execution.version) return cached;
  // PostgreSQL: read with the lock (it was told the cached version)
  return read ?? loadState(tx, due.executionId);
}

function keepState(due: DueExecution, state: EngineState) {
  states.set(cacheKey(due), state);
  if (states.size > STATE_CACHE_SIZE) states.delete(states.keys().next().value!);
}

/**
 * Advances one execution: under its row lock, applies its due events one by one with the engine's
 * step and writes each result, all in one transaction. Answers how many events it consumed and
 * which waiters to wake once it committed.
 */
export async function advanceExecution(due: DueExecution, opts: { batch?: number } = {}): Promise<{ consumed: number; wakes: Set<Channel> }> {
  const wakes = new Set<Channel>();
  let last: EngineState | null = null;
  // the tenant's own concurrency limit, read outside the transaction (a tenant-bound one cannot)
  await prepareTenant(due.tenantId);
  const r = await withExecution(
    due,
    async (tx, events, version, context) => {
      // the version read with the row's lock: the state this process committed last is still current when it matches
      let state = await stateOf(tx, due, version, context?.state);
      last = state;
      if (!state || events.length === 0) return;
      const flow = await flowOf(tx, state.execution);
      const render = renderer(flow, engine().hooksFor(state.execution));
      // the namespace and its ancestors, read once for the pass (PostgreSQL: with the lock): plugin
      // defaults, concurrency limit, worker group
      const chain = context?.chain ?? (await loadChain(tx, state.execution.namespace));
      const namespaceDefaults = chainPluginDefaults(chain);
      for (const { event } of events) {
        const deps: StepDeps = { now: new Date(), newId, render, limits: { maxTaskRuns: MAX_TASK_RUNS }, subflows: subflowPort(tx), namespaceDefaults };
        let result: StepResult | null = null;
        // concurrency limits: a start the limits refuse is queued, cancelled or failed instead
        if (event.type === "start" && (state.execution.state === "CREATED" || state.execution.state === "QUEUED")) {
          const admission = await admit(tx, state.execution, flow, limitsFromChain(state.execution.namespace, chain));
          if (admission.decision !== "run") {
            result = refusedStep(state, admission, deps.now);
            if (!result) continue;
          }
        }
        result ??= await engine().step(flow, state, event, deps);
        const applied = await applyStep(tx, state, result, { chain, tenantWorkerGroup: context?.tenantWorkerGroup });
        if (applied.jobs) wakes.add(CHANNELS.worker);
        if (applied.events) wakes.add(CHANNELS.executor);
        if (applied.timers) wakes.add(CHANNELS.timer);
        state = result.state;
        last = state;
      }
    },
    { batch: opts.batch, cachedVersion: states.get(cacheKey(due))?.execution.version },
  );
  // committed: the next batch of this execution starts from here
  if (r.locked && last) keepState(due, last);
  return { consumed: r.locked ? r.consumed : 0, wakes };
}

export function runExecutor(opts: ExecutorOptions = {}): Role {
  const id = opts.id ?? roleId("executor");
  const pollMs = opts.pollMs ?? 1000;
  const batch = opts.batch ?? 50;
  const retryMs = opts.retryMs ?? 5000;
  const parallel = Math.max(1, opts.parallel ?? (isPostgres() ? 2 : 1));
  const passMs = opts.passMs ?? 10;
  const waiter = new Waiter([CHANNELS.executor]);
  let stopping = false;

  const loop = (async () => {
    await waiter.start();
    // the database away (a restart, a failover): the loop keeps trying, less often while it lasts
    const backoff = new Backoff();
    while (!stopping) {
      let worked = false;
      // due work this pass left (its list was full, or its time ran out): read again at once
      let more = false;
      let pause = 0;
      try {
        const dues = await dueExecutions(batch);
        const passEnds = Date.now() + passMs;
        let next = 0;
        // `parallel` lanes take the due executions in order; a lane stops at a connection error
        const lane = async () => {
          while (next < dues.length && !stopping && !pause && (next === 0 || Date.now() < passEnds)) {
            const due = dues[next++];
            try {
              const { consumed, wakes } = await advanceExecution(due, { batch });
              if (consumed) worked = true;
              for (const c of wakes) wake(c);
              // SQLite's driver answers synchronously: without a turn of the event loop between
              // executions, a backlog would keep this process's timers and requests waiting
              await new Promise((r) => setImmediate(r));
            } catch (e) {
              if (isConnectionError(e)) {
                // nothing was written: the events are still due and are taken again once it is back
                if (!pause) {
                  pause = backoff.failed();
                  reportError(id, e, pause);
                }
                return;
              }
              reportError(id, e);
              // the transaction rolled back: the events wait and are tried again later
              await postponeEvents(due, new Date(Date.now() + retryMs)).catch((err) => reportError(id, err));
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(parallel, dues.length) }, lane));
        more = dues.length >= batch || next < dues.length;
      } catch (e) {
        pause = backoff.failed();
        reportError(id, e, pause);
      }
      if (!pause) backoff.succeeded();
      // else wait: a notification that came during the pass (new events, this pass's own) ends the
      // wait at once, so nothing is slept through and an idle executor does not read the queue again for nothing
      if (!stopping && (pause || !worked || !more)) await waiter.wait(pause || pollMs);
    }
    await waiter.close();
  })();

  return {
    id,
    async stop() {
      stopping = true;
      waiter.interrupt();
      await loop;
    },
  };
}
