import { config } from "../../config";
import { text } from "./props";
import { extensionOf, listOf, readExecutionFile, storeTaskFile } from "./storage-common";
import { TaskFailure, type TaskRunner } from "./types";

/**
 * storage.Concat: joins the `files` (kestra:/// URIs of this execution: a list, or text holding a
 * JSON list) in order, `separator` between two files (none by default), into a new file ending
 * with `extension` (".tmp" by default). Outputs `uri`.
 */
export const storageConcatTask: TaskRunner = async (ctx) => {
  if (ctx.props.files === undefined || ctx.props.files === null) throw new TaskFailure('missing required property "files"');
  const files = listOf(ctx.props.files, "files").map((f) => {
    if (typeof f !== "string") throw new TaskFailure('property "files" must hold kestra:/// URIs');
    return f;
  });
  const separator = new TextEncoder().encode(text(ctx.props, "separator") ?? "");
  const limit = config().maxFileSize;
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const [i, uri] of files.entries()) {
    if (ctx.signal.aborted) throw new TaskFailure("killed");
    if (i > 0 && separator.byteLength > 0) parts.push(separator);
    const bytes = await readExecutionFile(ctx, uri);
    parts.push(bytes);
    size += bytes.byteLength + (i > 0 ? separator.byteLength : 0);
    if (size > limit) throw new TaskFailure(`The concatenated file exceeds ${limit} bytes (TENANTFLOW_MAX_FILE_SIZE)`);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  const uri = await storeTaskFile(ctx, out, extensionOf(text(ctx.props, "extension") ?? ".tmp"));
  return { outputs: { uri } };
};
