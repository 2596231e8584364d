import "server-only";
import type { TenantContext } from "../authz/context";
import { invalid, notFound } from "../errors";
import { loadExecution } from "./access";
import { InternalStorage, executionFolder, internalPath } from "./internal-storage";

/** Bytes of an execution's file, with the name to download it as. */
export type ExecutionFile = { name: string; body: Uint8Array };

/**
 * A file of the execution's own (a FILE input, a task's output file, fetched logs): its
 * `kestra:///` URI must lie in the execution's folder, and the caller must read the execution
 * (404 otherwise, as for the execution itself). The URI resolves in the caller's tenant only.
 */
export async function executionFile(ctx: TenantContext, executionId: string, uri: string | null): Promise<ExecutionFile> {
  const execution = await loadExecution(ctx, executionId);
  const path = uri ? internalPath(uri) : null;
  if (path === null) throw invalid("path must be a kestra:/// URI of a file of this execution", [{ path: "path", message: "not an internal storage URI" }]);
  const folder = executionFolder(execution.namespace, execution.flowId, execution.id);
  if (!path.startsWith(`${folder}/`)) throw invalid("The file is not one of this execution's", [{ path: "path", message: `must be under kestra:///${folder}/` }]);
  const body = await new InternalStorage(ctx.db, execution.namespace).get(path);
  if (!body) throw notFound("File not found");
  return { name: path.slice(path.lastIndexOf("/") + 1), body };
}
