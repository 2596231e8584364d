"use client";
import dynamic from "next/dynamic";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import type { StartAction } from "./run-dialog";

// The run form and what it needs (a YAML parser for the flow's inputs, the input checks) load when
// a button is pointed at or focused, not with the page: the flows list shows a button per row and
// most visits run nothing.
const loadRunDialog = () => import("./run-dialog").then((m) => m.RunDialog);
const RunDialog = dynamic(loadRunDialog, { ssr: false });

/**
 * Execute: opens the run form. Without EXECUTION:CREATE in the flow's namespace, or for a disabled
 * flow, the button is disabled and says why (its title, and the text screen readers get).
 */
export function ExecuteButton({
  tenant,
  namespace,
  flowId,
  source,
  action,
  refusal,
  compact,
}: {
  tenant: string;
  namespace: string;
  flowId: string;
  source?: string;
  action: StartAction;
  /** why the user may not run it, or null */
  refusal: string | null;
  compact?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const reasonId = useId();
  return (
    <>
      <Button
        type="button"
        variant={compact ? "secondary" : "primary"}
        className={compact ? "px-2! py-1! text-xs!" : ""}
        disabled={!!refusal}
        title={refusal ?? `Execute ${namespace}.${flowId}`}
        aria-describedby={refusal && !compact ? reasonId : undefined}
        onClick={() => setOpen(true)}
        onPointerEnter={() => void loadRunDialog()}
        onFocus={() => void loadRunDialog()}
        data-testid="execute-button"
      >
        <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden className="h-3.5 w-3.5">
          <path d="M6.3 2.84A1.5 1.5 0 0 0 4 4.11v11.78a1.5 1.5 0 0 0 2.3 1.27l9.34-5.89a1.5 1.5 0 0 0 0-2.54L6.3 2.84Z" />
        </svg>
        Execute
        {refusal && compact && <span className="sr-only"> (unavailable: {refusal})</span>}
      </Button>
      {refusal && !compact && (
        <span id={reasonId} className="max-w-64 text-xs text-slate-500">
          {refusal}
        </span>
      )}
      {open && <RunDialog tenant={tenant} namespace={namespace} flowId={flowId} source={source} action={action} onClose={() => setOpen(false)} />}
    </>
  );
}
