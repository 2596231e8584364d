// Domain errors carry the HTTP status and code the API answers with; anything else is a 500
// whose message never reaches the client.

export type ErrorDetail = { path?: string; line?: number; column?: number; message: string };

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = []) =>
  new AppError(400, "BAD_REQUEST", message, details);
export const unauthorized = (message = "Authentication required") => new AppError(401, "UNAUTHORIZED", message);
export const forbidden = (message: string) => new AppError(403, "FORBIDDEN", message);
export const notFound = (message = "Not found", details: ErrorDetail[] = []) => new AppError(404, "NOT_FOUND", message, details);
export const conflict = (message: string) => new AppError(409, "CONFLICT", message);
export const preconditionFailed = (message: string) => new AppError(412, "PRECONDITION_FAILED", message);
export const payloadTooLarge = (message: string) => new AppError(413, "PAYLOAD_TOO_LARGE", message);
export const invalid = (message: string, details: ErrorDetail[] = []) =>
  new AppError(422, "VALIDATION_FAILED", message, details);
export const preconditionRequired = (message: string) => new AppError(428, "PRECONDITION_REQUIRED", message);
export const tooManyRequests = (message: string) => new AppError(429, "TOO_MANY_REQUESTS", message);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Turns zod issues into error details (one per problem). */
export function zodDetails(issues: { path: PropertyKey[]; message: string }[]): ErrorDetail[] {
  return issues.map((i) => ({ path: i.path.map(String).join(".") || undefined, message: i.message }));
}
