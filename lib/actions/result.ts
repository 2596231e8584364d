import type { ErrorDetail } from "../errors";

export type ActionFailure = { status: number; code: string; message: string; details: ErrorDetail[] };

/** What every server action answers: its data, or a known error the UI can show. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionFailure };

/** A server action as client components receive it (from the page, as a prop). */
export type ServerAction<I, O> = (input: I) => Promise<ActionResult<O>>;
