import { CallSite } from "./context";
import { ExpressionError } from "./errors";
import { validZone } from "./dates/zone";
import { fromParsed, parseJson, parseYaml } from "./filters/data";
import { integer, text } from "./filters/input";
import { range } from "./operators";
import { registry, type Args, type Env, type FunctionDef } from "./registry";
import { DateTime } from "./values";

/** Runs a caller's hook; its failure becomes the engine's error, naming the call. */
async function hook<T>(site: CallSite, what: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ExpressionError) throw e;
    throw new ExpressionError("hook", `${what} failed: ${e instanceof Error ? e.message : String(e)}`, site.at, site.name);
  }
}

/** render(): the string rendered as a template again, until it stops changing (renderOnce: once). */
async function render(args: Args, site: CallSite, env: Env, recursive: boolean): Promise<unknown> {
  const input = args.toRender;
  if (typeof input !== "string") return input ?? null;
  let current = input;
  for (let round = 0; ; round++) {
    if (round >= site.run.budgets.depth) {
      throw new ExpressionError("budget", `the render exceeded its recursion depth budget (${site.run.budgets.depth} levels)`, site.at, "recursion depth");
    }
    const next = await env.render(current, site);
    if (!recursive || next === current) return next;
    current = next;
  }
}

export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = registry<FunctionDef>({
  now: {
    args: ["timeZone"],
    apply: (args, site) => {
      const zone = args.timeZone === undefined ? site.run.timeZone : validZone(text(args.timeZone, site, "timeZone"));
      if (!zone) return site.fail(`unknown time zone "${String(args.timeZone)}"`);
      const now = site.run.options.now?.() ?? new Date();
      return new DateTime(now.getTime(), zone);
    },
  },
  fromJson: { args: ["json"], apply: (args, site) => parseJson(args.json ?? null, site) },
  json: { args: ["json"], apply: (args, site) => parseJson(args.json ?? null, site) },
  jsonDecode: { args: ["json"], apply: (args, site) => parseJson(args.json ?? null, site) },
  yaml: { args: ["yaml"], apply: (args, site) => parseYaml(args.yaml ?? null, site) },
  render: { args: ["toRender", "recursive"], apply: (args, site, env) => render(args, site, env, args.recursive !== false) },
  renderOnce: { args: ["toRender"], apply: (args, site, env) => render(args, site, env, false) },
  uuid: { args: [], apply: () => crypto.randomUUID() },
  randomInt: {
    args: ["lower", "upper"],
    apply: (args, site) => {
      const lower = integer(args.lower, site, "lower");
      const upper = integer(args.upper, site, "upper");
      if (lower >= upper) site.fail("`lower` must be smaller than `upper`");
      const random = site.run.options.random ?? Math.random;
      return lower + Math.floor(random() * (upper - lower));
    },
  },
  range: {
    args: ["start", "end", "step"],
    apply: (args, site) => range(args.start, args.end, args.step ?? 1, site),
  },
  secret: {
    args: ["key"],
    apply: async (args, site) => {
      const key = text(args.key, site, "key");
      const lookup = site.run.options.hooks?.secret;
      if (!lookup) return site.fail("secrets are not available here");
      const value = await hook(site, `secret('${key}')`, () => lookup(key));
      if (value === undefined || value === null) {
        throw new ExpressionError("hook", `cannot find secret for key '${key}'`, site.at, key);
      }
      if (typeof value !== "string") return site.fail(`the secret hook answered ${typeof value}, not text`);
      const secret = value;
      // tracked so the caller can mask it wherever it ends up (logs, outputs)
      if (secret) site.run.secrets.add(secret);
      return secret;
    },
  },
  kv: {
    args: ["key", "namespace", "errorOnMissing"],
    apply: async (args, site) => {
      const key = text(args.key, site, "key");
      const namespace = args.namespace === undefined || args.namespace === null ? undefined : text(args.namespace, site, "namespace");
      const errorOnMissing = args.errorOnMissing !== false;
      const lookup = site.run.options.hooks?.kv;
      if (!lookup) return site.fail("the KV store is not available here");
      const value = await hook(site, `kv('${key}')`, () => lookup(key, { namespace, errorOnMissing }));
      if (value === undefined) {
        if (errorOnMissing) throw new ExpressionError("hook", `the KV pair '${key}' does not exist`, site.at, key);
        return null;
      }
      return fromParsed(value, site);
    },
  },
  read: {
    args: ["path"],
    apply: async (args, site) => {
      const path = text(args.path, site, "path");
      const lookup = site.run.options.hooks?.read;
      if (!lookup) return site.fail("files are not available here");
      const content = await hook(site, `read('${path}')`, () => lookup(path));
      if (typeof content !== "string") return site.fail(`read('${path}') did not return text`);
      return content;
    },
  },
});
