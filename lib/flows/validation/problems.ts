import { formatPath } from "./paths";
import type { Anchor, Locate } from "./positions";
import type { FlowProblem, Path } from "./types";

/** Collects every problem of a flow (validation never stops at the first one). */
export class Problems {
  private readonly items: FlowProblem[] = [];
  private readonly warned: FlowProblem[] = [];

  constructor(private readonly locate: Locate) {}

  add(path: Path, message: string, anchor: Anchor = "value"): void {
    const pos = this.locate(path, anchor);
    this.items.push({ path: formatPath(path), ...(pos ? { line: pos.line, column: pos.column } : {}), message });
  }

  /** A finding that does not refuse the flow (a type whose plugin is not installed). */
  warn(path: Path, message: string, anchor: Anchor = "value"): void {
    const pos = this.locate(path, anchor);
    this.warned.push({ path: formatPath(path), ...(pos ? { line: pos.line, column: pos.column } : {}), message, severity: "warning" });
  }

  /** The warnings, in the order they were found. */
  warnings(): FlowProblem[] {
    return [...this.warned];
  }

  /** Where a path is written, to point a message at an earlier occurrence. */
  describe(path: Path): string {
    const line = this.locate(path)?.line;
    return line ? `${formatPath(path)}, line ${line}` : formatPath(path);
  }

  /** Where a path is written (the nearest node that exists). */
  position(path: Path): { line: number; column: number } | undefined {
    return this.locate(path);
  }

  /** A problem already placed (YAML-level findings). */
  push(problem: FlowProblem): void {
    this.items.push(problem);
  }

  get count(): number {
    return this.items.length;
  }

  /** In source order, the order an editor shows them in. */
  list(): FlowProblem[] {
    return this.items
      .map((p, i) => ({ p, i }))
      .sort((a, b) => (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.i - b.i)
      .map(({ p }) => p);
  }
}
