"use client";
import { useEffect, useId, useRef } from "react";
import { Button } from "./button";
import { FormError } from "./field";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * What every modal does (the dialogs, the phone's navigation drawer): focus moves into `panel` (to
 * `data-autofocus` or its first control) when it mounts and returns where it was when it unmounts;
 * the returned key handler closes on Escape and keeps Tab inside.
 */
export function useModal(panel: React.RefObject<HTMLElement | null>, onClose: () => void) {
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const el = panel.current;
    const first = el?.querySelector<HTMLElement>("[data-autofocus]") ?? el?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? el)?.focus();
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, [panel]);

  return function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === "Escape") {
      e.stopPropagation();
      onClose();
    } else if (e.key === "Tab" && panel.current) {
      const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
      if (!items.length) return;
      const [first, last] = [items[0], items[items.length - 1]];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };
}

/** A modal dialog (see useModal); a click outside closes it too. */
export function Dialog({
  title,
  description,
  onClose,
  children,
  testId,
}: {
  title: string;
  description?: React.ReactNode;
  onClose: () => void;
  children: React.ReactNode;
  testId?: string;
}) {
  const titleId = useId();
  const descriptionId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const onKeyDown = useModal(panel, onClose);

  // The dialog is rendered where it is opened (an Execute button in a table's right-aligned,
  // non-wrapping cell, say), so it sets the text alignment and wrapping it would otherwise inherit.
  return (
    <div
      className="fixed inset-0 z-50 flex items-start justify-center overflow-y-auto bg-slate-900/40 px-4 py-20 text-left whitespace-normal"
      onMouseDown={(e) => e.target === e.currentTarget && onClose()}
    >
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-testid={testId}
        className="w-full max-w-lg rounded-lg border border-slate-200 bg-white shadow-xl outline-none"
      >
        <div className="border-b border-slate-100 px-5 py-4">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          {description && (
            <p id={descriptionId} className="mt-1 text-sm text-slate-500">
              {description}
            </p>
          )}
        </div>
        <div className="px-5 py-4">{children}</div>
      </div>
    </div>
  );
}

/** The footer row of a dialog's form: secondary actions left of the primary one. */
export function DialogActions({ children }: { children: React.ReactNode }) {
  return <div className="mt-5 flex justify-end gap-2">{children}</div>;
}

/**
 * A dialog holding one form: its fields, the error no field shows, then Cancel and the submit
 * button. Escape, a click outside and Cancel close it unless a submit is pending.
 */
export function FormDialog({
  title,
  description,
  testId,
  formLabel,
  submitLabel,
  pendingLabel,
  pending,
  error,
  onSubmit,
  onClose,
  children,
}: {
  title: string;
  description?: React.ReactNode;
  testId?: string;
  /** the form's accessible name, when it should differ from the dialog's */
  formLabel?: string;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  error?: string | null;
  onSubmit: () => void;
  onClose: () => void;
  children: React.ReactNode;
}) {
  return (
    <Dialog title={title} description={description} onClose={() => !pending && onClose()} testId={testId}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
        noValidate
        aria-label={formLabel}
        className="space-y-4"
      >
        {children}
        <FormError message={error} />
        <DialogActions>
          <Button type="button" variant="secondary" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending} aria-busy={pending}>
            {pending ? pendingLabel : submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/**
 * Asks before something hard to undo; Cancel has the focus so that Enter does no harm. Rendered
 * while `open` (the default), so callers either mount it when needed or pass `open`.
 */
export function ConfirmDialog({
  open = true,
  title,
  children,
  confirmLabel,
  pendingLabel = "Working…",
  pending = false,
  tone = "danger",
  error,
  onConfirm,
  onCancel,
}: {
  open?: boolean;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  pending?: boolean;
  /** danger for what destroys, primary for what only adds (a restore as a new revision) */
  tone?: "danger" | "primary";
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  if (!open) return null;
  return (
    <Dialog title={title} onClose={() => !pending && onCancel()} testId="confirm-dialog">
      <div className="text-sm text-slate-600">{children}</div>
      {error && (
        <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <DialogActions>
        <Button type="button" variant="secondary" onClick={onCancel} disabled={pending} data-autofocus>
          Cancel
        </Button>
        <Button type="button" variant={tone} onClick={onConfirm} disabled={pending} aria-busy={pending}>
          {pending ? pendingLabel : confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
