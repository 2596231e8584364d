import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { STATES, TERMINAL_STATES } from "@/lib/executions/types";
import { lookupTask } from "@/lib/flows/validation/catalogue";

/**
 * The format of the engine's conformance corpus (tests/executions/conformance/README.md), shared by
 * the test that checks the corpus and the suite that runs it through the engine.
 */

export const CONFORMANCE_DIR = path.join(__dirname, "conformance");

const state = z.enum(STATES);
const finalState = state.refine((s) => TERMINAL_STATES.has(s), { error: "must be a terminal state" });
const record = z.record(z.string(), z.unknown());

export const eventSchema = z.strictObject({
  /** the task whose run the event waits for: RUNNING for a kill, PAUSED for a resume */
  after: z.string().min(1),
  type: z.enum(["resume", "kill"]),
  inputs: record.optional(),
});

export const caseSchema = z.strictObject({
  description: z.string().min(20).refine((d) => !d.includes("\n"), { error: "must be one line" }),
  inputs: record.optional(),
  events: z.array(eventSchema).optional(),
  flow: z.string().min(1),
  expect: z.strictObject({
    state: finalState,
    taskRunCount: z.number().int().min(0),
    taskRuns: z.record(z.string(), z.union([finalState, z.array(finalState).min(1)])),
    outputs: record.optional(),
    flowOutputs: record.optional(),
    attempts: z.record(z.string(), z.union([z.number().int().min(1), z.array(z.number().int().min(1)).min(1)])).optional(),
    logsContain: z.array(z.string().min(1)).optional(),
  }),
});
export type ConformanceCase = z.infer<typeof caseSchema>;

/** Every file of the corpus, parsed as YAML but not yet checked against the format. */
export function readCorpus(dir = CONFORMANCE_DIR): { file: string; raw: unknown }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
    .sort()
    .map((file) => ({ file, raw: parse(fs.readFileSync(path.join(dir, file), "utf8")) as unknown }));
}

/** The corpus's cases, each checked against the format (throws on the first file that is not). */
export function loadCorpus(dir = CONFORMANCE_DIR): { file: string; case: ConformanceCase }[] {
  return readCorpus(dir).map(({ file, raw }) => {
    const parsed = caseSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    return { file, case: parsed.data };
  });
}

// a task's own properties that hold data, never tasks
const NOT_TASKS = new Set(["inputs", "outputs", "variables", "labels", "triggers", "onResume", "values"]);

/** Every task id of a parsed flow: the main list, errors, finally, afterExecution and all nested lists. */
export function taskIds(node: unknown, ids = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) taskIds(item, ids);
  } else if (node && typeof node === "object") {
    const obj = node as Record<string, unknown>;
    if (typeof obj.id === "string" && typeof obj.type === "string" && lookupTask(obj.type)) ids.add(obj.id);
    for (const [key, value] of Object.entries(obj)) if (!NOT_TASKS.has(key)) taskIds(value, ids);
  }
  return ids;
}

/** The definition of one task of a parsed flow, wherever it is nested. */
export function findTask(node: unknown, id: string): Record<string, unknown> | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findTask(item, id);
      if (found) return found;
    }
  } else if (node && typeof node === "object") {
    const obj = node as Record<string, unknown>;
    if (obj.id === id && typeof obj.type === "string" && lookupTask(obj.type)) return obj;
    for (const [key, value] of Object.entries(obj)) {
      if (NOT_TASKS.has(key)) continue;
      const found = findTask(value, id);
      if (found) return found;
    }
  }
  return undefined;
}
