// Client-safe: worker groups and live workers as lib/workers/groups.ts answers them.

export type LiveWorkerRow = {
  id: string;
  workerGroup: string;
  host: string;
  pid: number;
  concurrency: number;
  running: number;
  startedAt: Date;
  lastHeartbeat: Date;
};

export type WorkerGroupRow = {
  key: string;
  description: string;
  /** the tenants its workers may run; empty: every tenant */
  allowedTenants: string[];
  createdAt: Date;
  updatedAt: Date;
};

export type WorkerGroupWithWorkers = WorkerGroupRow & { workers: LiveWorkerRow[] };
