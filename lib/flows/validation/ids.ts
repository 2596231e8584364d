import type { Problems } from "./problems";
import type { Path } from "./types";

/** Ids that must be unique within one family (all tasks, triggers, inputs or outputs). */
export class IdRegistry {
  private readonly first = new Map<string, Path>();

  constructor(private readonly what: string, private readonly problems: Problems) {}

  /** Records an id; a repeat is reported where it repeats, naming the first occurrence. */
  add(id: string, path: Path): void {
    const earlier = this.first.get(id);
    if (earlier) this.problems.add(path, `duplicate ${this.what} id "${id}" (first used at ${this.problems.describe(earlier)})`);
    else this.first.set(id, path);
  }
}
