import { hiddenNote } from "@/lib/namespaces/reader-view";

/** Says how many inherited entries were left out because the reader may not read where they are defined. */
export function HiddenNote({ hidden, one, many }: { hidden: number; one: string; many: string }) {
  if (hidden <= 0) return null;
  return (
    <p className="mt-2 text-xs italic text-slate-500" data-testid="hidden-inherited">
      {hiddenNote(hidden, one, many)} Flows of this namespace still use them.
    </p>
  );
}
