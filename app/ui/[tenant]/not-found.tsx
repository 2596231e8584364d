import Link from "next/link";

/** A page missing inside a tenant: said within the tenant's header and sidebar, which still lead on. */
export default function TenantNotFound() {
  return (
    <div className="flex flex-col items-center px-4 py-24 text-center" data-testid="tenant-not-found">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="mt-2 max-w-md text-sm text-slate-500">This page does not exist, or you do not have access to it.</p>
      <Link href="/ui" className="mt-6 text-sm font-medium text-indigo-600 hover:text-indigo-500">
        Back to your flows →
      </Link>
    </div>
  );
}
