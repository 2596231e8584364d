import type { ErrorDetail } from "../errors";

/** What every server action answers: its data, or a known error the UI can show. */
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { status: number; code: string; message: string; details: ErrorDetail[] } };
