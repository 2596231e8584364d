import { ExpressionError, type Position, SourceMap } from "./errors";

/** Limits of one render (including everything it renders through `render()`). */
export type Budgets = {
  /** evaluation steps: expression nodes, statements, loop iterations, items built or copied */
  steps: number;
  /** characters of output, and the largest string or list a template may build */
  outputSize: number;
  /** nested `render()` calls (and rounds of a recursive render) */
  depth: number;
};

export const DEFAULT_BUDGETS: Budgets = { steps: 200_000, outputSize: 1_000_000, depth: 10 };

/**
 * What the caller provides: the engine itself never touches the database or the disk. Each hook
 * may answer synchronously or with a promise. A hook that throws fails the render with its message.
 */
export type Hooks = {
  secret?: (key: string) => string | undefined | null | Promise<string | undefined | null>;
  kv?: (key: string, options: { namespace?: string; errorOnMissing: boolean }) => unknown;
  read?: (path: string) => string | Promise<string>;
};

export type RenderOptions = {
  hooks?: Hooks;
  budgets?: Partial<Budgets>;
  /** the clock of `now()` (tests pin it) */
  now?: () => Date;
  /** the zone of dates that carry none (the orchestrator's system zone) */
  timeZone?: string;
  /** the source of `randomInt()` and nothing else */
  random?: () => number;
};

/** State shared by one render and every template it renders in turn. */
export class Run {
  steps = 0;
  depth = 0;
  readonly secrets = new Set<string>();
  readonly budgets: Budgets;

  constructor(readonly options: RenderOptions) {
    this.budgets = { ...DEFAULT_BUDGETS, ...options.budgets };
  }

  get timeZone(): string {
    return this.options.timeZone ?? "UTC";
  }
}

/** Where a filter or function is called: the position for errors, and the budgets to charge. */
export class CallSite {
  constructor(
    readonly run: Run,
    readonly map: SourceMap,
    readonly offset: number,
    readonly name: string,
  ) {}

  get at(): Position {
    return this.map.at(this.offset);
  }

  fail(message: string): never {
    throw new ExpressionError("invalid-argument", `${this.name}: ${message}`, this.at, this.name);
  }

  tick(n = 1): void {
    charge(this.run, n, this.map, this.offset);
  }

  /** Refuses strings and lists larger than the output budget before they are built further. */
  checkSize(length: number): void {
    if (length > this.run.budgets.outputSize) sizeExceeded(this.run, this.map, this.offset);
  }
}

export function charge(run: Run, n: number, map: SourceMap, offset: number): void {
  run.steps += n;
  if (run.steps > run.budgets.steps) {
    throw new ExpressionError("budget", `the render exceeded its step budget (${run.budgets.steps} steps)`, map.at(offset), "steps");
  }
}

export function sizeExceeded(run: Run, map: SourceMap, offset: number): never {
  throw new ExpressionError("budget", `the render exceeded its output size budget (${run.budgets.outputSize} characters)`, map.at(offset), "output size");
}
