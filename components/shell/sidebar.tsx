"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export type NavItem = { href: string; label: string };

export function Sidebar({ sections }: { sections: { title: string; items: NavItem[] }[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Sections" className="hidden w-56 shrink-0 border-r border-slate-200 bg-white px-3 py-5 md:block">
      {sections
        .filter((s) => s.items.length)
        .map((section) => (
          <div key={section.title} className="mb-6">
            <p className="mb-1 px-2 text-xs font-semibold uppercase tracking-wide text-slate-400">{section.title}</p>
            <ul className="space-y-0.5">
              {section.items.map((item) => {
                const active = pathname === item.href || pathname.startsWith(item.href + "/");
                return (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      aria-current={active ? "page" : undefined}
                      className={`block rounded-md px-2 py-1.5 text-sm ${
                        active ? "bg-indigo-50 font-medium text-indigo-700" : "text-slate-700 hover:bg-slate-100"
                      }`}
                    >
                      {item.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
    </nav>
  );
}
