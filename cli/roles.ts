import { installFlowTriggers } from "@/lib/executions/install-engine";
import { type Role, runExecutor, runScheduler, runWorker } from "@/lib/executions/processes";
import { workerGroupExists } from "@/lib/workers/groups";
import { type Io, UsageError, args } from "./args";

// `tenantflow worker|executor|scheduler`: one role of the engine alone, until SIGINT or SIGTERM,
// then it finishes the work in hand and exits. Any number of each may run, on any machine that
// reaches the database.

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(sig);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}

async function serve(start: () => Role, what: string, io: Io) {
  // the engine's parts are the real executor, task runner and expression hooks by default
  const role = start();
  io.out(`${role.id}: ${what} started`);
  const sig = await untilSignal();
  io.out(`${role.id}: ${sig}, finishing the work in hand`);
  await role.stop();
  io.out(`${role.id}: stopped`);
  return 0;
}

async function worker(argv: string[], io: Io) {
  const { values, positionals } = args(argv, { group: { type: "string" }, concurrency: { type: "string" } });
  if (positionals.length) throw new UsageError("worker takes no arguments (worker [--group KEY] [--concurrency N])");
  const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) throw new UsageError("--concurrency must be a whole number from 1 to 1000");
  const group = (values.group as string | undefined) ?? "";
  // a group's workers serve it once it is defined (SPEC §7): a typo would leave them idle
  if (group && !(await workerGroupExists(group))) throw new UsageError(`worker group ${group} is not defined (a superadmin defines it: tenantflow worker-groups create ${group})`);
  return serve(() => runWorker({ concurrency, group }), `worker (group ${group || "default"}, concurrency ${concurrency})`, io);
}

async function executor(argv: string[], io: Io) {
  if (args(argv).positionals.length) throw new UsageError("executor takes no arguments");
  // the ends it writes start the flows whose Flow triggers they satisfy
  installFlowTriggers();
  return serve(() => runExecutor(), "executor", io);
}

async function scheduler(argv: string[], io: Io) {
  if (args(argv).positionals.length) throw new UsageError("scheduler takes no arguments");
  return serve(() => runScheduler(), "scheduler", io);
}

export const roleCommands: Record<string, (argv: string[], io: Io) => Promise<number>> = { worker, executor, scheduler };
