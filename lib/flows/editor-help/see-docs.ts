import { DOCS_HOME } from "../validation/catalogue/docs/shared";

/** The docs page a validator message's "see docs" points to: the catalogue of core plugins. */
export const CATALOGUE_DOCS = DOCS_HOME;

/** A message cut around its "see docs", for showing those words as a link; null when it has none. */
export function splitSeeDocs(message: string): { before: string; words: string; after: string } | null {
  const at = message.indexOf("see docs");
  if (at < 0) return null;
  return { before: message.slice(0, at), words: "see docs", after: message.slice(at + "see docs".length) };
}
