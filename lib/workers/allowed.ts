/** A group's allowed tenants, stored as a JSON list ([]: every tenant); anything else reads as []. */
export function parseAllowed(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}
