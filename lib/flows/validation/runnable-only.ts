import { lookupTask, taskKind } from "./catalogue";
import type { Problems } from "./problems";
import { isPlainObject, type Path } from "./types";

const KIND_NAMES = {
  flowable: "a flowable task",
  executable: "a task that runs another execution",
  "execution-updating": "a task the executor applies to the execution",
} as const;

/**
 * The tasks of a WorkingDirectory run one after the other on one worker, in one directory: only
 * runnable tasks can run there, and the worker group is chosen for the whole directory.
 */
export function checkRunnableChild(child: unknown, path: Path, problems: Problems): void {
  if (!isPlainObject(child)) return;
  const entry = typeof child.type === "string" ? lookupTask(child.type) : undefined;
  const kind = entry && taskKind(entry);
  if (entry && kind && kind !== "runnable") {
    problems.add(
      [...path, "type"],
      `a WorkingDirectory runs only runnable tasks, all on one worker: ${entry.type.split(".").pop()} is ${KIND_NAMES[kind]}, so it cannot run inside it`,
    );
  }
  if (child.workerGroup != null) {
    problems.add(
      [...path, "workerGroup"],
      "the tasks of a WorkingDirectory cannot set a worker group: set workerGroup on the WorkingDirectory itself",
      "key",
    );
  }
}
