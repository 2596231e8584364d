/** What one type does, what each of its own properties means, and a short example of its use. */
export type TypeDocs = { description: string; properties: Record<string, string>; example: string };

export type DocsByType = Record<string, TypeDocs>;
