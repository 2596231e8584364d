import "server-only";
import type { TenantContext } from "../authz/context";
import type { Hooks } from "../expressions";
import { AppError } from "../errors";
import { readFile } from "../files/files";
import { getKv } from "../kv/kv";
import { assertAllowed } from "../namespaces/chain";
import { resolveSecretValue } from "../secrets/values";
import { InternalStorage, executionFolder, internalPath } from "./internal-storage";
import { TaskFailure } from "./tasks/types";

export type HookScope = {
  ctx: TenantContext;
  namespace: string;
  flowId: string;
  executionId: string;
};

const notFoundError = (e: unknown) => e instanceof AppError && e.status === 404;

/**
 * A KV value as a flow sees it: in the flow's own namespace, the nearest of its chain (ancestors
 * that allow it); in another namespace, that namespace's own value, if it allows the flow's.
 * Undefined when there is none.
 */
export async function readKv(scope: HookScope, key: string, namespace?: string): Promise<unknown> {
  const target = namespace ?? scope.namespace;
  if (target !== scope.namespace) await assertAllowed(scope.ctx.db, target, scope.namespace);
  try {
    const entry = await getKv(scope.ctx, target, key, { inherited: target === scope.namespace });
    return entry.value;
  } catch (e) {
    if (notFoundError(e)) return undefined;
    throw e;
  }
}

/**
 * The hooks of secret(), kv() and read() for one execution: secrets and KV pairs of its namespace
 * chain within its tenant, namespace files of its namespace (or of another that allows it), and
 * its own internal files.
 */
export function engineHooks(scope: HookScope): Hooks {
  return {
    secret: (key) => guarded(() => resolveSecretValue(scope.ctx.db, scope.namespace, key)),
    kv: (key, options) => guarded(() => readKv(scope, key, options.namespace)),
    read: (path) => guarded(async () => {
      const internal = internalPath(path);
      if (internal !== null) {
        // an execution reads its own files (inputs and outputs of its tasks), nothing else
        const own = `${executionFolder(scope.namespace, scope.flowId, scope.executionId)}/`;
        if (!internal.startsWith(own)) throw new TaskFailure(`${path} is not a file of this execution`);
        const bytes = await new InternalStorage(scope.ctx.db, scope.namespace).get(internal);
        if (!bytes) throw new TaskFailure(`no file at ${path}`);
        return new TextDecoder().decode(bytes);
      }
      // nsfile:///path (the flow's namespace), nsfile://other.namespace/path (if it allows the flow's), or a plain path
      const ns = /^nsfile:\/\/([^/]*)\/(.*)$/s.exec(path);
      const namespace = ns?.[1] || scope.namespace;
      const relative = ns ? ns[2] : path.replace(/^\/+/, "");
      if (namespace !== scope.namespace) await assertAllowed(scope.ctx.db, namespace, scope.namespace);
      try {
        const { body } = await readFile(scope.ctx, namespace, relative);
        return new TextDecoder().decode(body);
      } catch (e) {
        if (notFoundError(e)) throw new TaskFailure(`no namespace file ${relative} in namespace ${namespace}`);
        throw e;
      }
    }),
  };
}

/** A hook's refusal reaches the template's error as it is; an unexpected error only the server's log. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof TaskFailure || e instanceof AppError) throw e;
    console.error("expression hook: unexpected error:", e);
    throw new Error("internal error (the server's log has the details)");
  }
}
