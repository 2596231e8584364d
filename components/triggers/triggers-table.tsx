"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DangerButton } from "@/components/ui/danger-button";
import { Notice, type NoticeMessage } from "@/components/ui/notice";
import { Switch } from "@/components/ui/switch";
import { THead, Table, tbodyClass, tdClass } from "@/components/ui/table";
import { errorMessage, failureOf, unwrap } from "@/lib/actions/client";
import type { ActionResult } from "@/lib/actions/result";
import { formatDateTime } from "@/lib/ui/format";

/** One trigger as the browser shows it (dates as ISO strings); a non-Schedule trigger has no row of its own and no dates. */
export type TriggerRow = {
  namespace: string;
  flowId: string;
  triggerId: string;
  type: string;
  schedule: boolean;
  /** it has a row of its own (Schedule, Webhook, Flow): it is enabled and disabled without editing the flow */
  stored: boolean;
  cron: string | null;
  timezone: string | null;
  nextExecutionDate: string | null;
  date: string | null;
  disabled: boolean;
  locked: boolean;
  lockedBy: string | null;
  backfill: { start: string; end: string | null; currentDate: string | null; paused: boolean } | null;
  /** why the user may not change it (null when they may: FLOW:UPDATE in its namespace) */
  refusal: string | null;
};

type Key = { tenant: string; namespace: string; flowId: string; triggerId: string };
type Result = ActionResult<unknown>;
export type TriggerActions = {
  setDisabled: (input: Key & { disabled: boolean }) => Promise<Result>;
  unlock: (input: Key) => Promise<Result>;
  setBackfill: (input: Key & { start: string; end: string | null }) => Promise<Result>;
  pauseBackfill: (input: Key & { paused: boolean }) => Promise<Result>;
  deleteBackfill: (input: Key) => Promise<Result>;
};

const shortType = (type: string) => type.split(".").pop() ?? type;
/** A datetime-local value (read as UTC) as an ISO date. */
const fromLocal = (v: string) => (v ? `${v.length === 16 ? `${v}:00` : v}Z` : null);

function progress(b: NonNullable<TriggerRow["backfill"]>) {
  const start = Date.parse(b.start);
  const end = b.end ? Date.parse(b.end) : Date.now();
  const current = b.currentDate ? Date.parse(b.currentDate) : start;
  if (!(end > start)) return 100;
  return Math.max(0, Math.min(100, Math.round(((current - start) / (end - start)) * 100)));
}

/** A list of triggers with what the user may do to each: enable/disable, unlock, backfill. */
export function TriggersTable({ tenant, rows, showFlow, actions }: { tenant: string; rows: TriggerRow[]; showFlow: boolean; actions: TriggerActions }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [backfillOf, setBackfillOf] = useState<string | null>(null);
  const [form, setForm] = useState({ start: "", end: "" });

  const idOf = (r: TriggerRow) => `${r.namespace}/${r.flowId}/${r.triggerId}`;
  async function run(r: TriggerRow, what: string, call: (key: Key) => Promise<Result>) {
    setBusy(idOf(r));
    setNotice(null);
    try {
      unwrap(await call({ tenant, namespace: r.namespace, flowId: r.flowId, triggerId: r.triggerId }));
      setNotice({ tone: "success", text: `${what}: ${r.triggerId} of ${r.namespace}.${r.flowId}` });
      setBackfillOf(null);
      router.refresh();
    } catch (e) {
      setNotice({ tone: "error", text: errorMessage(failureOf(e)) });
    } finally {
      setBusy(null);
    }
  }

  const columns = [
    { label: "Trigger" },
    ...(showFlow ? [{ label: "Flow" }] : []),
    { label: "Schedule" },
    { label: "Next fire" },
    { label: "Last fire" },
    { label: "Status" },
    { label: "Backfill" },
    { label: "Enabled", align: "right" as const },
  ];
  return (
    <div className="space-y-3">
      {notice && <Notice tone={notice.tone} title={notice.text} onDismiss={() => setNotice(null)} testId="trigger-notice" />}
      <Table testId="triggers-table" label="Triggers">
        <THead columns={columns} />
        <tbody className={tbodyClass}>
          {rows.map((r) => {
            const id = idOf(r);
            const working = busy === id;
            const reason = r.refusal ?? undefined;
            return (
              <tr key={id} data-testid="trigger-row" className="align-top">
                <td className={tdClass}>
                  <div className="font-medium text-slate-900">{r.triggerId}</div>
                  <div className="text-xs text-slate-500" title={r.type}>
                    {shortType(r.type)}
                  </div>
                </td>
                {showFlow && (
                  <td className={tdClass}>
                    <Link className="text-indigo-700 hover:underline" href={`/ui/${tenant}/flows/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.flowId)}?tab=triggers`}>
                      {r.flowId}
                    </Link>
                    <div className="text-xs text-slate-500">{r.namespace}</div>
                  </td>
                )}
                <td className={tdClass}>
                  {r.schedule ? (
                    <>
                      <code className="whitespace-nowrap rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-800">{r.cron ?? "—"}</code>
                      <div className="mt-0.5 text-xs text-slate-500">{r.timezone ?? "UTC"}</div>
                    </>
                  ) : (
                    <span className="text-slate-600">fires on events</span>
                  )}
                </td>
                <td className={`${tdClass} whitespace-nowrap`} data-testid="trigger-next">
                  {r.schedule ? formatDateTime(r.nextExecutionDate) : "—"}
                </td>
                <td className={`${tdClass} whitespace-nowrap`}>{r.schedule ? formatDateTime(r.date) : "—"}</td>
                <td className={tdClass} data-testid="trigger-status">
                  <div className="flex flex-wrap gap-1">
                    {r.disabled ? <Badge tone="slate">Disabled</Badge> : <Badge tone="green">Enabled</Badge>}
                    {r.locked && <Badge tone="amber">Locked</Badge>}
                  </div>
                  {r.locked && r.schedule && (
                    <div className="mt-1.5">
                      <Button variant="secondary" className="px-2 py-0.5 text-xs" disabled={!!reason || working} title={reason} onClick={() => run(r, "Unlocked", actions.unlock)}>
                        Unlock
                      </Button>
                    </div>
                  )}
                </td>
                <td className={`${tdClass} min-w-56`}>
                  {!r.schedule ? (
                    "—"
                  ) : r.backfill ? (
                    <div data-testid="trigger-backfill" className="space-y-1.5">
                      <div className="text-xs text-slate-600">
                        {formatDateTime(r.backfill.start)} → {r.backfill.end ? formatDateTime(r.backfill.end) : "now"}
                      </div>
                      <div
                        className="h-1.5 w-full overflow-hidden rounded bg-slate-200"
                        role="progressbar"
                        aria-label={`Backfill of ${r.triggerId}`}
                        aria-valuemin={0}
                        aria-valuemax={100}
                        aria-valuenow={progress(r.backfill)}
                      >
                        <div className="h-full bg-indigo-600" style={{ width: `${progress(r.backfill)}%` }} />
                      </div>
                      <div className="text-xs text-slate-600">
                        At {formatDateTime(r.backfill.currentDate)} {r.backfill.paused && <Badge tone="amber">Paused</Badge>}
                      </div>
                      <div className="flex gap-1.5">
                        <Button
                          variant="secondary"
                          className="px-2 py-0.5 text-xs"
                          disabled={!!reason || working}
                          title={reason}
                          onClick={() => run(r, r.backfill!.paused ? "Backfill resumed" : "Backfill paused", (k) => actions.pauseBackfill({ ...k, paused: !r.backfill!.paused }))}
                        >
                          {r.backfill.paused ? "Resume" : "Pause"}
                        </Button>
                        <DangerButton className="px-2 py-0.5 text-xs" disabled={!!reason || working} title={reason} onClick={() => run(r, "Backfill cancelled", actions.deleteBackfill)}>
                          Cancel backfill
                        </DangerButton>
                      </div>
                    </div>
                  ) : backfillOf === id ? (
                    <form
                      className="space-y-1.5"
                      aria-label={`Backfill ${r.triggerId}`}
                      onSubmit={(e) => {
                        e.preventDefault();
                        const start = fromLocal(form.start);
                        if (!start) return setNotice({ tone: "error", text: "A backfill needs a start date." });
                        void run(r, "Backfill started", (k) => actions.setBackfill({ ...k, start, end: fromLocal(form.end) }));
                      }}
                    >
                      <label className="block text-xs text-slate-600">
                        Start (UTC)
                        <input
                          type="datetime-local"
                          required
                          value={form.start}
                          onChange={(e) => setForm({ ...form, start: e.target.value })}
                          className="mt-0.5 block w-full rounded-md border-0 px-2 py-1 text-sm ring-1 ring-inset ring-slate-300"
                        />
                      </label>
                      <label className="block text-xs text-slate-600">
                        End (UTC, optional: now)
                        <input
                          type="datetime-local"
                          value={form.end}
                          onChange={(e) => setForm({ ...form, end: e.target.value })}
                          className="mt-0.5 block w-full rounded-md border-0 px-2 py-1 text-sm ring-1 ring-inset ring-slate-300"
                        />
                      </label>
                      <div className="flex gap-1.5">
                        <Button type="submit" className="px-2 py-0.5 text-xs" disabled={working}>
                          Start backfill
                        </Button>
                        <Button type="button" variant="ghost" className="px-2 py-0.5 text-xs" onClick={() => setBackfillOf(null)}>
                          Close
                        </Button>
                      </div>
                    </form>
                  ) : (
                    <div>
                      <Button
                        variant="secondary"
                        className="px-2 py-0.5 text-xs"
                        disabled={!!reason}
                        title={reason}
                        onClick={() => {
                          setForm({ start: "", end: "" });
                          setBackfillOf(id);
                        }}
                      >
                        Backfill…
                      </Button>
                    </div>
                  )}
                </td>
                <td className={`${tdClass} text-right`}>
                  {r.stored ? (
                    <Switch
                      checked={!r.disabled}
                      label={`Enable ${r.triggerId} of ${r.namespace}.${r.flowId}`}
                      disabled={!!reason}
                      busy={working}
                      onChange={(on) => run(r, on ? "Enabled" : "Disabled", (k) => actions.setDisabled({ ...k, disabled: !on }))}
                    />
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      {rows.some((r) => r.refusal) && (
        <p className="text-xs text-slate-500" data-testid="trigger-refusal">
          {rows.find((r) => r.refusal)?.refusal}
        </p>
      )}
    </div>
  );
}
