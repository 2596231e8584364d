"use client";
import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { type ActionFailure, failureOf, unwrap } from "./client";
import type { ActionResult } from "./result";

/**
 * Runs a server action as a mutation: a refused action becomes `error` (its failure, with the
 * details for the fields: see splitErrors and errorMessage in ./client), a successful one
 * invalidates exactly the given query keys before `onSuccess`.
 */
export function useAction<I, T>(
  fn: (input: I) => Promise<ActionResult<T>>,
  opts: { invalidate: QueryKey[]; onSuccess?: (data: T, input: I) => void; onError?: (error: ActionFailure) => void },
) {
  const qc = useQueryClient();
  const mutation = useMutation<T, Error, I>({
    mutationFn: async (input) => unwrap(await fn(input)),
    onSuccess: async (data, input) => {
      await Promise.all(opts.invalidate.map((queryKey) => qc.invalidateQueries({ queryKey })));
      opts.onSuccess?.(data, input);
    },
    onError: (e) => opts.onError?.(failureOf(e)),
  });
  const error = mutation.error ? failureOf(mutation.error) : null;
  return { run: mutation.mutate, pending: mutation.isPending, error, reset: mutation.reset };
}
