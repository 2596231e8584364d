"use client";
import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import type { ActionError } from "@/lib/actions/field-errors";
import type { ActionResult } from "@/lib/actions/result";

class ActionFailure extends Error {
  constructor(readonly error: ActionError) {
    super(error.message);
  }
}

const unreachable: ActionError = {
  status: 0,
  code: "NETWORK",
  message: "The server could not be reached; check your connection and try again",
  details: [],
};

/**
 * Runs a server action as a mutation: a refused action becomes `error` (with its details for the
 * fields), a successful one invalidates exactly the given query keys before `onSuccess`.
 */
export function useAction<I, T>(
  fn: (input: I) => Promise<ActionResult<T>>,
  opts: { invalidate: QueryKey[]; onSuccess?: (data: T, input: I) => void; onError?: (error: ActionError) => void },
) {
  const qc = useQueryClient();
  const mutation = useMutation<T, Error, I>({
    mutationFn: async (input) => {
      const result = await fn(input);
      if (!result.ok) throw new ActionFailure(result.error);
      return result.data;
    },
    onSuccess: async (data, input) => {
      await Promise.all(opts.invalidate.map((queryKey) => qc.invalidateQueries({ queryKey })));
      opts.onSuccess?.(data, input);
    },
    onError: (e) => opts.onError?.(e instanceof ActionFailure ? e.error : unreachable),
  });
  const error = mutation.error ? (mutation.error instanceof ActionFailure ? mutation.error.error : unreachable) : null;
  return { run: mutation.mutate, pending: mutation.isPending, error, reset: mutation.reset };
}
