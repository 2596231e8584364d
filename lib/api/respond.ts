import "server-only";
import { AppError, isAppError } from "../errors";

export function errorBody(e: AppError) {
  return { error: { code: e.code, message: e.message, details: e.details } };
}

/** A domain error as its status; anything unexpected is logged and answered without its message. */
export function errorResponse(e: unknown): Response {
  if (isAppError(e)) {
    const headers: Record<string, string> = {};
    if (e.status === 429 && e.details[0]?.path === "retryAfter") headers["Retry-After"] = e.details[0].message;
    return Response.json(errorBody(e), { status: e.status, headers });
  }
  if (isUnstorable(e)) {
    return Response.json(
      { error: { code: "BAD_REQUEST", message: "The request contains characters that cannot be stored", details: [] } },
      { status: 400 },
    );
  }
  if (isUnavailable(e)) {
    return Response.json(
      { error: { code: "UNAVAILABLE", message: "The database is unavailable; try again shortly", details: [] } },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
  console.error("unexpected error:", e instanceof Error ? e.stack : e);
  return Response.json({ error: { code: "INTERNAL", message: "Internal error", details: [] } }, { status: 500 });
}

// PostgreSQL refuses NUL and broken UTF-8 in text (22021, 22P05)
function isUnstorable(e: unknown): boolean {
  const text = e instanceof Error ? e.message : "";
  return /invalid byte sequence|22021|22P05|unsupported Unicode escape/.test(text);
}

function isUnavailable(e: unknown): boolean {
  const text = e instanceof Error ? `${(e as { code?: string }).code ?? ""} ${e.message}` : "";
  // the last two: pg's own words for a pooled connection that broke under a transaction
  return /ECONNREFUSED|ECONNRESET|57P01|57P03|terminating connection|Connection terminated|connect ETIMEDOUT|Can't reach database|P1001|P1017|has encountered a connection error|Client was closed/.test(
    text,
  );
}
