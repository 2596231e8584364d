import Link from "next/link";
import { LinkPending } from "./link-pending";

export type Tab = {
  key: string;
  label: string;
  count?: number;
  /** a tab that is a link: the page read again with that tab (its data read by the server) */
  href?: string;
  /** the link keeps the page's own state (an open editor with its unsaved text): no warning before it */
  keepsEditors?: boolean;
};

/** A row of tabs: links (server-rendered pages) or buttons (panels switched in the browser). */
export function Tabs({ tabs, active, onSelect, label }: { tabs: Tab[]; active: string; onSelect?: (key: string) => void; label: string }) {
  return (
    <div role="tablist" aria-label={label} className="relative mb-5 flex gap-1 overflow-x-auto border-b border-slate-200">
      {tabs.map((t) => {
        const selected = t.key === active;
        const className = `-mb-px inline-flex shrink-0 items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium ${
          selected ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-700"
        }`;
        const body = (
          <>
            {t.label}
            {t.count !== undefined && (
              <span className={`rounded-full px-1.5 text-xs ${selected ? "bg-indigo-100 text-indigo-700" : "bg-slate-100 text-slate-600"}`}>{t.count}</span>
            )}
          </>
        );
        return t.href ? (
          <Link key={t.key} href={t.href} role="tab" aria-selected={selected} className={className} scroll={false} data-keeps-editors={t.keepsEditors || undefined}>
            {body}
            <LinkPending />
          </Link>
        ) : (
          <button key={t.key} type="button" role="tab" aria-selected={selected} onClick={() => onSelect?.(t.key)} className={className}>
            {body}
          </button>
        );
      })}
    </div>
  );
}
