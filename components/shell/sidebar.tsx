"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export type NavItem = { href: string; label: string };
export type NavSection = { title: string; items: NavItem[] };

/** The sections' links, as the sidebar and the phone's navigation drawer show them. */
export function NavSections({ sections, onNavigate }: { sections: NavSection[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <>
      {sections
        .filter((s) => s.items.length)
        .map((section) => (
          <div key={section.title} className="mb-6">
            <p className="mb-1 px-2 text-xs font-semibold uppercase tracking-wide text-slate-500">{section.title}</p>
            <ul className="space-y-0.5">
              {section.items.map((item) => {
                // a tenant's home (/ui/T) is active on itself only, a section on its pages too
                const home = item.href.split("/").length === 3;
                const active = pathname === item.href || (!home && pathname.startsWith(item.href + "/"));
                return (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      onClick={onNavigate}
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
    </>
  );
}

/** From tablet width up: the sections in a column beside the page (phones use NavDrawer). */
export function Sidebar({ sections }: { sections: NavSection[] }) {
  return (
    <nav aria-label="Sections" className="hidden w-56 shrink-0 border-r border-slate-200 bg-white px-3 py-5 md:block">
      <NavSections sections={sections} />
    </nav>
  );
}
