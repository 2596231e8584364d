"use client";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useModal } from "../ui/dialog";
import { NavSections, type NavSection } from "./sidebar";

/**
 * Phones: the sidebar does not fit, so a menu button in the header opens the same sections in a
 * drawer over the page. Escape, the backdrop, a link or a page change close it; it is a modal
 * (components/ui/dialog.tsx useModal): focus goes in when it opens and back when it closes.
 */
export function NavDrawer({ sections }: { sections: NavSection[] }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  // a navigation by any means (a link, back) closes it
  useEffect(() => setOpen(false), [pathname]);
  return (
    <>
      <button
        type="button"
        aria-label="Open navigation"
        aria-expanded={open}
        aria-controls="nav-drawer"
        onClick={() => setOpen(true)}
        className="-ml-1 rounded-md p-1.5 text-slate-700 hover:bg-slate-100 md:hidden"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="currentColor">
          <path fillRule="evenodd" d="M3 5h14a1 1 0 1 1 0 2H3a1 1 0 0 1 0-2Zm0 4h14a1 1 0 1 1 0 2H3a1 1 0 1 1 0-2Zm0 4h14a1 1 0 1 1 0 2H3a1 1 0 1 1 0-2Z" />
        </svg>
      </button>
      {open && <Drawer sections={sections} onClose={() => setOpen(false)} />}
    </>
  );
}

function Drawer({ sections, onClose }: { sections: NavSection[]; onClose: () => void }) {
  const panel = useRef<HTMLDivElement>(null);
  const onKeyDown = useModal(panel, onClose);
  useEffect(() => {
    const overflow = document.body.style.overflow;
    document.body.style.overflow = "hidden"; // the page behind does not scroll
    return () => {
      document.body.style.overflow = overflow;
    };
  }, []);
  return (
    <div className="fixed inset-0 z-50 md:hidden">
      <div data-testid="nav-backdrop" className="absolute inset-0 bg-slate-900/40" onClick={onClose} />
      <div
        ref={panel}
        id="nav-drawer"
        role="dialog"
        aria-modal="true"
        aria-label="Navigation"
        onKeyDown={onKeyDown}
        className="absolute inset-y-0 left-0 flex w-72 max-w-[85vw] flex-col overflow-y-auto bg-white px-3 py-4 shadow-xl"
      >
        <div className="mb-4 flex items-center justify-between px-2">
          <span className="text-sm font-semibold text-slate-900">Menu</span>
          <button type="button" aria-label="Close navigation" onClick={onClose} className="rounded-md p-1 text-slate-600 hover:bg-slate-100">
            <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="currentColor">
              <path d="M5.3 5.3a1 1 0 0 1 1.4 0L10 8.6l3.3-3.3a1 1 0 1 1 1.4 1.4L11.4 10l3.3 3.3a1 1 0 0 1-1.4 1.4L10 11.4l-3.3 3.3a1 1 0 0 1-1.4-1.4L8.6 10 5.3 6.7a1 1 0 0 1 0-1.4Z" />
            </svg>
          </button>
        </div>
        <nav aria-label="Sections menu">
          <NavSections sections={sections} onNavigate={onClose} />
        </nav>
      </div>
    </div>
  );
}
