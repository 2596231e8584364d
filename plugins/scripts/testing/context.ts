import type { RunnerContext } from "../../../lib/executions/tasks/types";
import type { LogLevel } from "../../../lib/executions/types";

// A runner context for the script runners' tests: logs and internal storage in memory.

export type Fake = { ctx: RunnerContext; logs: [LogLevel, string][]; stored: Map<string, string>; controller: AbortController };

// renders the two variables a script runner adds; the engine's renderer is tested elsewhere
const renderVars = (value: unknown, extra: Record<string, unknown> = {}): unknown => {
  if (typeof value === "string") return value.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (name in extra ? String(extra[name]) : m));
  if (Array.isArray(value)) return value.map((v) => renderVars(v, extra));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderVars(v, extra)]));
  return value;
};

export function fake(props: Record<string, unknown>, opts: { executionId?: string; workingDir?: string; workerGroup?: string; onLog?: (line: string, f: Fake) => void } = {}): Fake {
  const logs: [LogLevel, string][] = [];
  const stored = new Map<string, string>();
  const controller = new AbortController();
  const f = { logs, stored, controller } as Fake;
  f.ctx = {
    props,
    render: async (v: unknown, extra?: Record<string, unknown>) => renderVars(v, extra),
    log: (level: LogLevel, message: string) => {
      logs.push([level, message]);
      opts.onLog?.(message, f);
    },
    signal: controller.signal,
    storage: {
      put: async (p: string, body: Uint8Array | string) => {
        stored.set(p, Buffer.from(body).toString("utf8"));
        return `kestra:///${p}`;
      },
      get: async (p: string) => (stored.has(p) ? Buffer.from(stored.get(p)!) : null),
    },
    folder: "company/team/f/executions/e1/tasks/t/tr1",
    flow: { id: "f", namespace: "company.team", revision: 1 },
    execution: { id: opts.executionId ?? "e1", namespace: "company.team", flowId: "f" },
    ...(opts.workingDir ? { workingDir: opts.workingDir } : {}),
    ...(opts.workerGroup !== undefined ? { workerGroup: opts.workerGroup } : {}),
  } as unknown as RunnerContext;
  return f;
}

