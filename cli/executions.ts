import fs from "node:fs/promises";
import path from "node:path";
import { config } from "@/lib/config";
import { startExecution, waitForEnd } from "@/lib/executions/executions";
import { installEngine } from "@/lib/executions/install-engine";
import { type Role, runExecutor, runScheduler, runWorker } from "@/lib/executions/processes";
import { type Io, UsageError, args } from "./args";
import { commandTenant } from "./tenant";

// `tenantflow executions run --tenant T NAMESPACE FLOW [--input k=v ...] [--label k=v ...] [--wait]`
// prints the new execution's id; with --wait, its final state, and exits 0 only on SUCCESS. With
// --wait and no app running, the engine's roles run in this process until the execution ends,
// unless TENANTFLOW_EMBEDDED_ROLES=false says workers run elsewhere.

const pair = (text: string, what: string) => {
  const i = text.indexOf("=");
  if (i <= 0) throw new UsageError(`--${what} must be written key=value (got "${text.slice(0, 100)}")`);
  return [text.slice(0, i), text.slice(i + 1)] as const;
};

/** `--input k=@path` uploads a file (for FILE inputs), as curl's form syntax does. */
async function inputValue(value: string) {
  if (!value.startsWith("@")) return value;
  const base = process.env.TENANTFLOW_INVOKED_FROM ?? process.cwd();
  const file = path.resolve(base, value.slice(1));
  const body = await fs.readFile(file).catch(() => {
    throw new UsageError(`${value.slice(1)}: no such file`);
  });
  return { filename: path.basename(file), body: new Uint8Array(body) };
}

/** How long --wait waits at most (ms): TENANTFLOW_CLI_WAIT_MS, one day by default. */
const waitLimit = () => Number(process.env.TENANTFLOW_CLI_WAIT_MS) || 24 * 3600_000;

async function run(argv: string[], io: Io) {
  const { values, positionals } = args(argv, {
    tenant: { type: "string" },
    input: { type: "string", multiple: true },
    label: { type: "string", multiple: true },
    wait: { type: "boolean" },
  });
  if (!values.tenant) throw new UsageError("executions run needs --tenant T");
  if (positionals.length !== 2) throw new UsageError("executions run --tenant T NAMESPACE FLOW [--input k=v ...] [--label k=v ...] [--wait]");
  const [namespace, flowId] = positionals;
  const inputs: Record<string, unknown> = {};
  for (const text of (values.input as string[] | undefined) ?? []) {
    const [k, v] = pair(text, "input");
    inputs[k] = await inputValue(v);
  }
  const labels = ((values.label as string[] | undefined) ?? []).map((t) => {
    const [key, value] = pair(t, "label");
    return { key, value };
  });
  const ctx = await commandTenant(values.tenant, "executions run needs --tenant T");
  const started = await startExecution(ctx, { namespace, flowId, inputs, labels, trigger: { kind: "cli" } });
  io.out(started.id);
  if (!values.wait) return 0;

  let roles: Role[] = [];
  if (config().embeddedRoles) {
    installEngine();
    roles = [runExecutor({ pollMs: 200 }), runWorker({ concurrency: config().workerConcurrency, pollMs: 200 }), runScheduler()];
  }
  try {
    const ended = await waitForEnd(ctx, started.id, waitLimit());
    io.out(ended.state.current);
    return ended.state.current === "SUCCESS" ? 0 : 1;
  } finally {
    await Promise.all(roles.map((r) => r.stop()));
  }
}

export const executionCommands: Record<string, (argv: string[], io: Io) => Promise<number>> = { "executions run": run };
