import Link from "next/link";
import type { Actor } from "@/lib/authz/actor";
import type { TenantSummary } from "@/lib/tenants/access";
import { Logo } from "../logo";
import { NavDrawer } from "./nav-drawer";
import { type NavItem, Sidebar } from "./sidebar";
import { TenantSwitcher } from "./tenant-switcher";
import { UserMenu } from "./user-menu";

export function AppShell({
  actor,
  tenants,
  currentTenant,
  lastTenant = null,
  multiTenancy,
  nav,
  children,
}: {
  actor: Actor;
  tenants: TenantSummary[];
  currentTenant: string | null;
  /** outside any tenant: the tenant the sidebar's Flows opens (the last one used), shown by the dropdown */
  lastTenant?: string | null;
  multiTenancy: boolean;
  nav: { title: string; items: NavItem[] }[];
  children: React.ReactNode;
}) {
  return (
    <div className="flex min-h-full flex-col">
      {/* the first stop of the Tab key: past the header and the sidebar, straight to the page */}
      <a
        href="#content"
        className="sr-only rounded-md bg-white text-sm font-medium text-indigo-700 shadow-lg ring-2 ring-indigo-600 focus:not-sr-only focus:fixed focus:left-3 focus:top-2 focus:z-50 focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-slate-200 bg-white px-3 sm:gap-4 sm:px-4">
        <NavDrawer sections={nav} />
        <Link href="/ui" aria-label="Tenantflow" className="shrink-0 text-slate-900">
          <Logo wordClassName="hidden sm:inline" />
        </Link>
        {multiTenancy && (
          <div className="min-w-0 flex-1 sm:flex-none">
            <TenantSwitcher initialTenants={tenants} current={currentTenant} last={lastTenant} />
          </div>
        )}
        <div className="ml-auto shrink-0">
          <UserMenu username={actor.username} displayName={actor.displayName} superadmin={actor.superadmin} />
        </div>
      </header>
      <div className="flex flex-1">
        <Sidebar sections={nav} />
        <main id="content" tabIndex={-1} className="min-w-0 flex-1 px-4 py-5 outline-none sm:px-6 sm:py-6 lg:px-10">{children}</main>
      </div>
    </div>
  );
}
