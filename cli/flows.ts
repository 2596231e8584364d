import fs from "node:fs/promises";
import path from "node:path";
import { applyFlowSource } from "@/lib/flows/apply";
import { MAX_FLOW_SOURCE_BYTES } from "@/lib/flows/flows";
import { type Io, UsageError, args } from "./args";
import { commandTenant } from "./tenant";

async function flowFiles(target: string): Promise<string[]> {
  const stat = await fs.stat(target).catch(() => null);
  if (!stat) throw new UsageError(`${target}: no such file or directory`);
  if (stat.isFile()) return [target];
  const out: string[] = [];
  for (const entry of (await fs.readdir(target, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) out.push(...(await flowFiles(full)));
    else if (/\.ya?ml$/i.test(entry.name)) out.push(full);
  }
  return out;
}

/** `tenantflow flows apply --tenant T PATH...`: one line per file; exit 1 if any failed. */
async function apply(argv: string[], io: Io) {
  const { values, positionals } = args(argv, { tenant: { type: "string" } });
  if (!values.tenant) throw new UsageError("flows apply needs --tenant T");
  if (!positionals.length) throw new UsageError("flows apply needs at least one PATH");
  const base = process.env.TENANTFLOW_INVOKED_FROM ?? process.cwd();
  const files: string[] = [];
  for (const p of positionals) files.push(...(await flowFiles(path.resolve(base, p))));
  if (!files.length) throw new UsageError("no .yml or .yaml files found");
  const ctx = await commandTenant(values.tenant, "flows apply needs --tenant T");
  let failed = 0;
  for (const file of files) {
    const shown = path.relative(base, file) || file;
    // a file far past the source limit is not even read
    const size = (await fs.stat(file)).size;
    const outcome =
      size > MAX_FLOW_SOURCE_BYTES
        ? ({ status: "failed", problems: [`The flow's source is ${size} bytes; the limit is ${MAX_FLOW_SOURCE_BYTES} bytes (1 MiB)`] } as const)
        : await applyFlowSource(ctx, await fs.readFile(file, "utf8"));
    if (outcome.status === "failed") {
      failed++;
      io.err(`${shown}: error: ${outcome.problems.join("; ")}`);
    } else {
      io.out(`${shown}: ${outcome.status} ${outcome.namespace}.${outcome.id} (revision ${outcome.revision})`);
      for (const warning of outcome.warnings) io.err(`${shown}: warning: ${warning}`);
    }
  }
  if (failed) io.err(`${failed} of ${files.length} file${files.length === 1 ? "" : "s"} failed`);
  return failed ? 1 : 0;
}

export const flowCommands: Record<string, (argv: string[], io: Io) => Promise<number>> = { "flows apply": apply };
