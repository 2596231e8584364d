"use client";

const tones = {
  success: "border-emerald-200 bg-emerald-50 text-emerald-800",
  error: "border-red-200 bg-red-50 text-red-800",
};

export type NoticeMessage = { tone: keyof typeof tones; text: string };

/** The outcome of the last action on a page: announced to screen readers, dismissible. */
export function Notice({ notice, onDismiss }: { notice: NoticeMessage; onDismiss: () => void }) {
  return (
    <div
      role={notice.tone === "error" ? "alert" : "status"}
      data-testid="notice"
      className={`mb-4 flex items-start justify-between gap-4 rounded-lg border px-4 py-3 text-sm ${tones[notice.tone]}`}
    >
      <p>{notice.text}</p>
      <button type="button" onClick={onDismiss} aria-label="Dismiss message" className="-my-0.5 rounded px-1 opacity-70 hover:opacity-100">
        ×
      </button>
    </div>
  );
}
