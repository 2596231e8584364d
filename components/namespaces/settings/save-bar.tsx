"use client";
import { Button } from "@/components/ui/button";

export type SaveMessage = { tone: "ok" | "error"; text: string };

/** A settings form's Save button with the outcome of the last save beside it (announced). */
export function SaveBar({
  label,
  onSave,
  busy,
  disabled = false,
  message,
  children,
}: {
  label: string;
  onSave: () => void;
  busy: boolean;
  disabled?: boolean;
  message: SaveMessage | null;
  children?: React.ReactNode;
}) {
  return (
    <div className="flex items-center gap-3">
      <Button type="button" onClick={onSave} disabled={busy || disabled} aria-busy={busy}>
        {busy ? "Saving…" : label}
      </Button>
      {children}
      {message && (
        <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "text-red-600" : "text-emerald-700"}`}>
          {message.text}
        </p>
      )}
    </div>
  );
}
