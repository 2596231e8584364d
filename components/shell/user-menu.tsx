"use client";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";

export function UserMenu({ username, displayName, superadmin }: { username: string; displayName: string; superadmin: boolean }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const close = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, []);
  return (
    <div ref={ref} className="relative" onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-md px-2 py-1 text-sm text-slate-700 hover:bg-slate-100"
      >
        <span className="flex h-7 w-7 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700">
          {displayName.slice(0, 1).toUpperCase()}
        </span>
        <span className="hidden sm:inline">{displayName}</span>
      </button>
      {open && (
        <div role="menu" className="absolute right-0 mt-1 w-60 rounded-lg border border-slate-200 bg-white py-1 shadow-lg">
          <div className="border-b border-slate-100 px-3 py-2 text-xs text-slate-500">
            Signed in as <span className="font-medium text-slate-700">{username}</span>
            {superadmin && <span className="ml-1 rounded bg-amber-100 px-1 text-amber-800">superadmin</span>}
          </div>
          <Link role="menuitem" href="/ui/account/tokens" className="block px-3 py-2 text-sm hover:bg-slate-50">
            API tokens
          </Link>
          <Link role="menuitem" href="/ui/account/password" className="block px-3 py-2 text-sm hover:bg-slate-50">
            Password
          </Link>
          {superadmin && (
            <Link role="menuitem" href="/ui/admin/tenants" className="block px-3 py-2 text-sm hover:bg-slate-50">
              Instance administration
            </Link>
          )}
          <Link role="menuitem" href="/logout" className="block px-3 py-2 text-sm text-red-700 hover:bg-slate-50">
            Sign out
          </Link>
        </div>
      )}
    </div>
  );
}
