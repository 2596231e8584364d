/** What went wrong, so a caller can tell a typo from a budget hit without parsing messages. */
export type ExpressionErrorCode =
  | "syntax"
  | "undefined-variable"
  | "undefined-attribute"
  | "unknown-filter"
  | "unknown-function"
  | "unknown-test"
  | "forbidden"
  | "invalid-argument"
  | "budget"
  | "hook";

export type Position = { line: number; column: number };

/**
 * The only error the engine throws. `line`/`column` are 1-based positions in the template;
 * `name` is the missing variable, filter, function or the budget that was hit.
 */
export class ExpressionError extends Error {
  readonly code: ExpressionErrorCode;
  readonly line: number;
  readonly column: number;
  /** The missing variable, filter, function or test, or the budget hit. */
  readonly subject?: string;

  constructor(code: ExpressionErrorCode, message: string, at: Position, name?: string) {
    super(`${message} (line ${at.line}, column ${at.column})`);
    this.name = "ExpressionError";
    this.code = code;
    this.line = at.line;
    this.column = at.column;
    if (name !== undefined) this.subject = name;
  }

  /** The bare message without the position suffix (for editors that show the position apart). */
  get reason(): string {
    return this.message.replace(/ \(line \d+, column \d+\)$/, "");
  }
}

/** Maps offsets of one source to 1-based lines and columns. */
export class SourceMap {
  private readonly starts: number[] = [0];

  constructor(source: string) {
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  at(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}
