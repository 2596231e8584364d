"use client";
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { confirmLeave } from "@/components/ui/use-unsaved-changes";
import { meKeys } from "@/lib/query-keys";
import { switchTenantPath } from "@/lib/tenants/switch-path";

type Tenant = { id: string; name: string };
const SEARCH_THRESHOLD = 5;

async function fetchMe(): Promise<{ tenants: Tenant[] }> {
  const res = await fetch("/api/v1/me", { cache: "no-store" });
  if (!res.ok) throw new Error(`GET /api/v1/me: ${res.status}`);
  return res.json();
}

/**
 * The tenant dropdown: lists only accessible tenants, searchable, keyboard operable, navigates by
 * URL. On a page outside any tenant it shows `last`, the tenant the sidebar's links open, so that
 * the two agree; choosing it opens it.
 */
export function TenantSwitcher({ initialTenants, current, last = null }: { initialTenants: Tenant[]; current: string | null; last?: string | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const { data } = useQuery({ queryKey: meKeys.all, queryFn: fetchMe, initialData: { tenants: initialTenants } });
  const tenants = data.tenants;
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const listId = useId();

  const filtered = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? tenants.filter((t) => t.id.includes(q) || t.name.toLowerCase().includes(q)) : tenants;
  }, [tenants, query]);
  // the tenant in view, or outside any tenant the one the sidebar opens
  const shown = current ?? last;
  const currentTenant = tenants.find((t) => t.id === shown);
  const searchable = tenants.length > SEARCH_THRESHOLD;

  useEffect(() => {
    const close = (e: MouseEvent) => !rootRef.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, []);
  // Opening starts on the current tenant with an empty search. Done where the list opens, not in an
  // effect on the tenant list: a refetch of the list while it is open must not move the user's
  // selection back.
  function openList() {
    setQuery("");
    const i = tenants.findIndex((t) => t.id === shown);
    setActive(i >= 0 ? i : 0);
    setOpen(true);
  }
  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => (searchable ? searchRef.current : listRef.current)?.focus(), 0);
    return () => clearTimeout(timer);
    // once per opening, whatever the list does meanwhile (searchable only changes with the list)
  }, [open]);

  function choose(t: Tenant) {
    setOpen(false);
    buttonRef.current?.focus();
    // another tenant is another page: an editor's unsaved changes would be lost
    if (t.id !== current && confirmLeave()) router.push(switchTenantPath(pathname, t.id));
  }

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, filtered.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Home") {
      e.preventDefault();
      setActive(0);
    } else if (e.key === "End") {
      e.preventDefault();
      setActive(filtered.length - 1);
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (filtered[active]) choose(filtered[active]);
    } else if (e.key === "Escape") {
      e.preventDefault();
      setOpen(false);
      buttonRef.current?.focus();
    }
  }

  return (
    <div ref={rootRef} className="relative min-w-0">
      <button
        ref={buttonRef}
        type="button"
        data-testid="tenant-switcher"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => (open ? setOpen(false) : openList())}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" && !open) {
            e.preventDefault();
            openList();
          }
        }}
        className="flex w-full min-w-0 items-center justify-between gap-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm hover:bg-slate-50 sm:min-w-48"
      >
        <span className="flex min-w-0 flex-col items-start leading-tight">
          <span className="text-[10px] uppercase tracking-wide text-slate-500">Tenant</span>
          <span className="max-w-full truncate font-medium text-slate-800">{currentTenant?.name ?? "Choose a tenant"}</span>
        </span>
        <svg viewBox="0 0 20 20" className="h-4 w-4 shrink-0 text-slate-500" aria-hidden="true">
          <path d="M6 8l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      </button>
      {open && (
        <div className="absolute left-0 z-40 mt-1 w-72 max-w-[calc(100vw-1.5rem)] rounded-lg border border-slate-200 bg-white p-1 shadow-lg" onKeyDown={onKeyDown}>
          {searchable && (
            <input
              ref={searchRef}
              type="search"
              role="combobox"
              aria-controls={listId}
              aria-expanded="true"
              aria-activedescendant={filtered[active] ? `${listId}-${filtered[active].id}` : undefined}
              aria-label="Search tenants"
              placeholder="Search tenants…"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setActive(0);
              }}
              className="mb-1 block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
            />
          )}
          <ul
            ref={listRef}
            id={listId}
            role="listbox"
            tabIndex={-1}
            aria-label="Tenants"
            aria-activedescendant={filtered[active] ? `${listId}-${filtered[active].id}` : undefined}
            className="max-h-72 overflow-auto outline-none"
          >
            {filtered.length === 0 && (
              <li className="px-2 py-2 text-sm text-slate-500">
                {tenants.length === 0 ? "You have access to no tenant yet" : `No tenant matches “${query}”`}
              </li>
            )}
            {filtered.map((t, i) => (
              <li
                key={t.id}
                id={`${listId}-${t.id}`}
                role="option"
                aria-selected={t.id === shown}
                data-tenant={t.id}
                onMouseEnter={() => setActive(i)}
                onClick={() => choose(t)}
                className={`flex cursor-pointer items-center justify-between rounded-md px-2 py-1.5 text-sm ${
                  i === active ? "bg-indigo-50 text-indigo-900" : "text-slate-700"
                }`}
              >
                <span>
                  <span className="font-medium">{t.name}</span>
                  <span className="ml-2 font-mono text-xs text-slate-600">{t.id}</span>
                </span>
                {t.id === shown && (
                  <svg viewBox="0 0 20 20" className="h-4 w-4 text-indigo-600" role="img" aria-label={current ? "current tenant" : "last used tenant"}>
                    <path d="M5 10l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="2" />
                  </svg>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
