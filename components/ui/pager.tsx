import Link from "next/link";

/** Previous/next links that keep the other query parameters (a list value repeats its parameter). */
export function Pager({ page, pages, total, query }: { page: number; pages: number; total: number; query: Record<string, string | string[] | undefined> }) {
  const href = (p: number) => {
    const entries = Object.entries({ ...query, page: String(p) }).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : v ? [[k, v]] : []));
    return `?${new URLSearchParams(entries)}`;
  };
  const link = "rounded-md px-2.5 py-1 text-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50";
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm text-slate-500">
      <span>
        {total} entr{total === 1 ? "y" : "ies"} · page {page} of {pages}
      </span>
      <span className="flex gap-2">
        {page > 1 ? <Link className={link} href={href(page - 1)}>Previous</Link> : null}
        {page < pages ? <Link className={link} href={href(page + 1)}>Next</Link> : null}
      </span>
    </nav>
  );
}
