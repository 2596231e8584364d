"use client";
import { ShownOnce } from "@/components/ui/shown-once";

/** The one time a token is shown. */
export function NewToken({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  return (
    <ShownOnce
      id="new-token"
      title={<>Token “{name}” created</>}
      warning={
        <>
          <strong>Store it now:</strong> this is the only time Tenantflow shows this token. Only its hash is kept, so it cannot be shown again; if you lose it,
          revoke it and create a new one.
        </>
      }
      label="Your new API token"
      value={token}
      what="token"
      hint={
        <>
          Send it in the header <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>.
        </>
      }
      onDone={onDone}
    />
  );
}
