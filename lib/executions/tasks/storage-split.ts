import { text } from "./props";
import { readExecutionFile, storeTaskFile } from "./storage-common";
import { TaskFailure, type TaskRunner } from "./types";

const UNITS: Record<string, number> = { "": 1, B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** "10MB", "200KB" or a number of bytes. */
function byteSize(value: string): number {
  const m = /^\s*(\d+)\s*([KMG]?B)?\s*$/i.exec(value);
  const n = m ? Number(m[1]) * UNITS[(m[2] ?? "").toUpperCase()] : NaN;
  if (!Number.isFinite(n) || n < 1) throw new TaskFailure(`property "bytes" must be a size such as 10MB, 200KB or a number of bytes, not "${value}"`);
  return n;
}

function positive(props: Record<string, unknown>, key: string): number | undefined {
  const v = text(props, key);
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new TaskFailure(`property "${key}" must be a positive integer, not "${v}"`);
  return n;
}

/**
 * storage.Split: splits `from` (a file of this execution) into lines by `separator` ("\n") and
 * writes them to new files: `rows` lines per file, `partitions` files (line i to file i mod n),
 * files of at most `bytes` (a longer line alone), or one file per value of `regexPattern`'s first
 * group (lines that do not match are left out). Exactly one of them. Outputs `uris`.
 */
export const storageSplitTask: TaskRunner = async (ctx) => {
  const from = text(ctx.props, "from");
  if (!from) throw new TaskFailure('missing required property "from"');
  const rows = positive(ctx.props, "rows");
  const partitions = positive(ctx.props, "partitions");
  const bytesText = text(ctx.props, "bytes");
  const pattern = text(ctx.props, "regexPattern");
  const given = [rows, partitions, bytesText, pattern].filter((v) => v !== undefined && v !== "").length;
  if (given !== 1) throw new TaskFailure('exactly one of "bytes", "partitions", "rows" or "regexPattern" is required');
  const separator = text(ctx.props, "separator") ?? "\n";
  if (separator === "") throw new TaskFailure('property "separator" must not be empty');
  const content = new TextDecoder().decode(await readExecutionFile(ctx, from));
  const lines = content.split(separator);
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  const ext = /(\.[A-Za-z0-9_-]+)$/.exec(from.split("/").pop() ?? "")?.[1] ?? "";

  let chunks: string[][] = [];
  if (rows) for (let i = 0; i < lines.length; i += rows) chunks.push(lines.slice(i, i + rows));
  else if (partitions) {
    chunks = Array.from({ length: partitions }, () => []);
    lines.forEach((line, i) => chunks[i % partitions].push(line));
  } else if (bytesText) {
    const max = byteSize(bytesText);
    const enc = new TextEncoder();
    let current: string[] = [];
    let size = 0;
    for (const line of lines) {
      const n = enc.encode(line + separator).byteLength;
      if (current.length && size + n > max) {
        chunks.push(current);
        current = [];
        size = 0;
      }
      current.push(line);
      size += n;
    }
    if (current.length) chunks.push(current);
  } else {
    let re: RegExp;
    try {
      re = new RegExp(pattern!);
    } catch {
      throw new TaskFailure(`property "regexPattern" is not a valid regular expression: ${pattern}`);
    }
    const groups = new Map<string, string[]>();
    for (const line of lines) {
      const m = re.exec(line);
      if (!m) continue;
      const key = m[1] ?? m[0];
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(line);
    }
    chunks = [...groups.values()];
  }
  const uris: string[] = [];
  for (const [i, chunk] of chunks.entries()) {
    if (ctx.signal.aborted) throw new TaskFailure("killed");
    uris.push(await storeTaskFile(ctx, new TextEncoder().encode(chunk.map((l) => l + separator).join("")), ext, `${i}${ext}`));
  }
  return { outputs: { uris } };
};
