import type { ActionFailure } from "@/lib/actions/client";

/**
 * An action's error above its form. When every detail sits on a field, it points there instead
 * of repeating a generic "Invalid input"; details no field can show are listed here.
 */
export function ErrorSummary({ error, rest, testId = "form-error" }: { error: ActionFailure | null; rest: string[]; testId?: string }) {
  if (!error) return null;
  const onFields = error.details.length - rest.length;
  const message =
    error.code === "VALIDATION_FAILED" && rest.length === 0 && onFields > 0
      ? `Check the ${onFields === 1 ? "field" : "fields"} marked below.`
      : error.message;
  return (
    <div role="alert" data-testid={testId} className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
      <p className="font-medium">{message}</p>
      {rest.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {rest.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
