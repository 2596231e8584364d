"use client";
import { useEffect, useId } from "react";

export const LEAVE_MESSAGE = "You have unsaved changes. Leave and lose them?";

// the editors on screen with unsaved changes, by the id of their hook
const dirtyEditors = new Set<string>();

/**
 * Asks before the user's unsaved edits are thrown away by leaving: true when nothing is unsaved or
 * the user agreed. For in-page switches that drop an editor (another file, closing it).
 */
export function confirmLeave(): boolean {
  return dirtyEditors.size === 0 || window.confirm(LEAVE_MESSAGE);
}

/** A click that would leave the page through a link of this site, in this tab. */
function leavingLink(e: MouseEvent): HTMLAnchorElement | null {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return null;
  const a = (e.target as Element | null)?.closest?.("a[href]");
  if (!(a instanceof HTMLAnchorElement) || a.hasAttribute("download")) return null;
  // a link that reads the same page again for another of its tabs keeps the page's editors
  if (a.hasAttribute("data-keeps-editors")) return null;
  if (a.target && a.target !== "_self") return null;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin) return null;
  // a link to where we are (or an anchor on this page) keeps the editor
  return url.pathname === location.pathname && url.search === location.search ? null : a;
}

function onClick(e: MouseEvent) {
  if (dirtyEditors.size === 0 || !leavingLink(e)) return;
  if (!window.confirm(LEAVE_MESSAGE)) {
    // in the capture phase, before the client-side router's own handler sees the click
    e.preventDefault();
    e.stopPropagation();
  } else {
    // the user chose to leave: the next editor starts clean (this one unmounts anyway)
    dirtyEditors.clear();
  }
}

function onBeforeUnload(e: BeforeUnloadEvent) {
  if (dirtyEditors.size === 0) return;
  e.preventDefault();
  // older browsers show the prompt only when returnValue is set
  e.returnValue = "";
}

/**
 * Warns before an editor's unsaved changes are lost: the browser's own prompt on reload, closing the
 * tab or typing another address, and a confirmation on any in-app link (sidebar, tabs, breadcrumbs).
 */
export function useUnsavedChanges(dirty: boolean) {
  const id = useId();
  useEffect(() => {
    if (!dirty) return;
    dirtyEditors.add(id);
    if (dirtyEditors.size === 1) {
      window.addEventListener("beforeunload", onBeforeUnload);
      document.addEventListener("click", onClick, true);
    }
    return () => {
      dirtyEditors.delete(id);
      if (dirtyEditors.size === 0) {
        window.removeEventListener("beforeunload", onBeforeUnload);
        document.removeEventListener("click", onClick, true);
      }
    };
  }, [dirty, id]);
}
