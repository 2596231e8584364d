import type { Template } from "./ast";
import { type CallSite, type RenderOptions, Run } from "./context";
import { ExpressionError } from "./errors";
import { Evaluator } from "./evaluate";
import { parseTemplate } from "./parser";

export type RenderResult = {
  output: string;
  /** every value `secret()` returned during the render, for the caller to mask */
  secrets: Set<string>;
  /** steps spent, out of the step budget */
  steps: number;
};

const CACHE_SIZE = 1000;
const cache = new Map<string, Template | ExpressionError>();

/**
 * The parsed template for a source, from a small LRU cache: flows render the same strings for
 * every execution, so each is parsed once. Parse errors are cached too (and rethrown).
 */
export function parseCached(source: string): Template {
  let entry = cache.get(source);
  if (entry) {
    cache.delete(source);
  } else {
    try {
      entry = parseTemplate(source);
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      entry = e;
    }
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  cache.set(source, entry);
  if (entry instanceof ExpressionError) throw entry;
  return entry;
}

/** Whether a string holds anything to render (plain strings are returned as they are, unparsed). */
export function hasExpression(source: string): boolean {
  return source.includes("{{") || source.includes("{%") || source.includes("{#");
}

/**
 * Renders a template against variables (plain data: the flow, execution, inputs, outputs, ...).
 * Throws only ExpressionError: syntax, a missing variable, filter or function, a forbidden access,
 * a hook's failure or a budget hit, each with its line and column.
 */
export async function render(source: string, variables: Record<string, unknown>, options: RenderOptions = {}): Promise<RenderResult> {
  const run = new Run(options);
  const output = await renderIn(run, source, variables);
  return { output, secrets: run.secrets, steps: run.steps };
}

async function renderIn(run: Run, source: string, variables: Record<string, unknown>, site?: CallSite): Promise<string> {
  if (!hasExpression(source)) return source;
  const template = parseCached(source);
  const evaluator = new Evaluator(template, variables, run, async (nested, at) => {
    if (run.depth >= run.budgets.depth) {
      throw new ExpressionError("budget", `the render exceeded its recursion depth budget (${run.budgets.depth} levels)`, at.at, "recursion depth");
    }
    run.depth++;
    try {
      return await renderIn(run, nested, variables, at);
    } catch (e) {
      // an error inside rendered text is placed at the render() call in the outer template
      if (e instanceof ExpressionError && e.code !== "budget" && site === undefined) {
        throw new ExpressionError(e.code, `in the text given to ${at.name}(): ${e.reason}`, at.at, e.subject);
      }
      throw e;
    } finally {
      run.depth--;
    }
  });
  return evaluator.output();
}

/** Replaces every tracked secret in a text (longest first, so a secret inside another is not half-masked). */
export function maskSecrets(text: string, secrets: Iterable<string>, mask = "******"): string {
  let out = text;
  for (const s of [...secrets].filter((x) => x.length > 0).sort((a, b) => b.length - a.length)) out = out.split(s).join(mask);
  return out;
}
