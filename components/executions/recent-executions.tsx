import Link from "next/link";
import { formatDateTime, formatDuration } from "@/lib/ui/format";
import { type ExecutionSummary, executionHref } from "./api";
import { StateBadge } from "./state-badge";

/** A short list of executions on the dashboard (latest failures, what runs now), each a link. */
export function RecentExecutions({
  tenant,
  title,
  rows,
  total,
  more,
  empty,
  testId,
}: {
  tenant: string;
  title: string;
  rows: ExecutionSummary[];
  total: number;
  more: string;
  empty: string;
  testId: string;
}) {
  const id = `${testId}-title`;
  return (
    <section className="rounded-lg border border-slate-200 bg-white" aria-labelledby={id} data-testid={testId}>
      <div className="flex items-center justify-between border-b border-slate-100 px-4 py-3">
        <h2 id={id} className="text-sm font-semibold text-slate-900">
          {title} <span className="ml-1 rounded-full bg-slate-100 px-1.5 text-xs font-medium text-slate-600">{total}</span>
        </h2>
        {total > rows.length && (
          <Link href={more} className="text-xs font-medium text-indigo-700 hover:underline">
            See all
          </Link>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-slate-500">{empty}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {rows.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 text-sm">
              <StateBadge state={e.state.current} />
              <Link href={executionHref(tenant, e)} className="min-w-0 flex-1 truncate font-mono text-[13px] text-slate-900 hover:text-indigo-600">
                <span className="text-slate-500">{e.namespace}.</span>
                {e.flowId}
                <span className="sr-only"> execution {e.id}</span>
              </Link>
              <span className="whitespace-nowrap text-xs text-slate-500">
                {formatDateTime(e.state.startDate)} · {formatDuration(e.state.duration)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
