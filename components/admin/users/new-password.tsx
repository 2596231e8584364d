"use client";
import { ShownOnce } from "@/components/ui/shown-once";

/** The one time a reset password is shown. */
export function NewPassword({ username, password, onDone }: { username: string; password: string; onDone: () => void }) {
  return (
    <ShownOnce
      id="new-password"
      title={<>New password for {username}</>}
      warning={
        <>
          <strong>Give it to the user now:</strong> this is the only time Tenantflow shows it. They can change it from their account page.
        </>
      }
      label="New password"
      value={password}
      what="password"
      onDone={onDone}
    />
  );
}
