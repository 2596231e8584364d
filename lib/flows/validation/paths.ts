import type { Path } from "./types";

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `["tasks", 1, "cases", "a", 0, "type"]` -> `tasks[1].cases.a[0].type`; odd keys are quoted: `labels["app.io/name"]`. */
export function formatPath(path: Path): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (IDENTIFIER.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}
