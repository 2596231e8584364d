// The roles of the engine (SPEC §7): the executor advances executions, workers run runnable tasks,
// the scheduler takes back lost leases and wakes delayed work. Each is a loop with a stop() that
// drains; `tenantflow executor|worker|scheduler` runs one alone, the app runs all three.
export { runExecutor, advanceExecution, type ExecutorOptions } from "./executor";
export { runWorker, type WorkerOptions } from "./worker";
export { runScheduler, type SchedulerOptions } from "./scheduler";
export { engine, setEngine, resetEngine, type Engine, type StepFn, type RunTaskFn, type RunTaskInput, type FlowDefinition, type StepDeps } from "./engine";
export type { Role } from "./role";
