"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice, type NoticeMessage } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { THead, Table, tbodyClass, tdClass } from "@/components/ui/table";
import { errorMessage, unwrap } from "@/lib/actions/client";
import type { ServerAction } from "@/lib/actions/result";
import { formatDateTime } from "@/lib/ui/format";
import type { WorkerGroupInput, WorkerGroupUpdate } from "@/lib/workers/schemas";
import type { LiveWorkerRow, WorkerGroupRow, WorkerGroupWithWorkers } from "@/lib/workers/types";
import { WorkerGroupDialog } from "./worker-group-dialog";

export type WorkerGroupActions = {
  create: ServerAction<WorkerGroupInput, WorkerGroupRow>;
  update: ServerAction<WorkerGroupUpdate & { key: string }, WorkerGroupRow>;
  remove: ServerAction<{ key: string }, { key: string; deleted: true }>;
};

type Open = { kind: "create" } | { kind: "edit"; group: WorkerGroupRow } | { kind: "delete"; group: WorkerGroupRow } | null;

/** How long ago, in words a glance reads ("12 s ago"). */
function ago(date: Date | string) {
  const s = Math.max(0, Math.round((Date.now() - new Date(date).getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}

function Workers({ workers, testId }: { workers: LiveWorkerRow[]; testId: string }) {
  if (workers.length === 0) return <p className="text-sm text-slate-500">No live worker: its tasks follow their fallback (WAIT by default).</p>;
  return (
    <ul className="space-y-1" data-testid={testId}>
      {workers.map((w) => (
        <li key={w.id} className="flex flex-wrap items-center gap-x-3 gap-y-0.5 text-xs text-slate-600" data-worker-row={w.id}>
          <span className="font-mono text-slate-800">{w.id}</span>
          <span>
            {w.host}:{w.pid}
          </span>
          <span title="attempts running / concurrency">
            load {w.running}/{w.concurrency}
          </span>
          <span title={formatDateTime(w.lastHeartbeat)}>heartbeat {ago(w.lastHeartbeat)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Instance administration of worker groups (SPEC §7): the groups, their allowed tenants and live workers. */
export function WorkerGroupAdmin({
  groups,
  otherWorkers,
  tenants,
  actions,
}: {
  groups: WorkerGroupWithWorkers[];
  otherWorkers: LiveWorkerRow[];
  tenants: { id: string; name: string }[];
  actions: WorkerGroupActions;
}) {
  const router = useRouter();
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);

  function changed(text: string) {
    setOpen(null);
    setNotice({ tone: "success", text });
    router.refresh();
  }

  const remove = useMutation({
    mutationFn: async (key: string) => unwrap(await actions.remove({ key })),
    onSuccess: (r) => changed(`Worker group ${r.key} deleted. Tasks that name it now follow their fallback.`),
  });

  return (
    <>
      <PageHeader
        title="Worker groups"
        description="A task's workerGroup.key (or its namespace's or tenant's default) sends it only to the workers started with that group (tenantflow worker --group KEY). A group runs the tasks of the tenants it allows; with none listed, every tenant's."
        actions={
          <Button
            onClick={() => {
              setNotice(null);
              setOpen({ kind: "create" });
            }}
          >
            Create worker group
          </Button>
        }
      />
      {notice && <Notice tone={notice.tone} title={notice.text} onDismiss={() => setNotice(null)} className="mb-4" />}
      {groups.length === 0 ? (
        <EmptyState title="No worker groups yet">
          Every task runs on the default group&apos;s workers. Create a group to send some tasks to dedicated workers, and to choose which tenants they may run.
        </EmptyState>
      ) : (
        <Table testId="worker-groups-table" label="Worker groups">
          <THead columns={[{ label: "Key" }, { label: "Allowed tenants" }, { label: "Live workers" }, { label: "Actions", srOnly: true, align: "right" }]} />
          <tbody className={tbodyClass}>
            {groups.map((g) => (
              <tr key={g.key} data-worker-group-row={g.key}>
                <td className={`${tdClass} align-top`}>
                  <div className="font-mono text-sm font-medium text-slate-900">{g.key}</div>
                  {g.description && <div className="mt-0.5 max-w-xs text-xs text-slate-500">{g.description}</div>}
                </td>
                <td className={`${tdClass} align-top`}>
                  {g.allowedTenants.length === 0 ? (
                    <Badge tone="green">Every tenant</Badge>
                  ) : (
                    <div className="flex max-w-xs flex-wrap gap-1">
                      {g.allowedTenants.map((t) => (
                        <Badge key={t} tone="indigo">
                          {t}
                        </Badge>
                      ))}
                    </div>
                  )}
                </td>
                <td className={`${tdClass} align-top`}>
                  <Workers workers={g.workers} testId={`workers-${g.key}`} />
                </td>
                <td className={`${tdClass} whitespace-nowrap text-right align-top`}>
                  <div className="flex justify-end gap-2">
                    <Button
                      variant="secondary"
                      onClick={() => {
                        setNotice(null);
                        setOpen({ kind: "edit", group: g });
                      }}
                      aria-label={`Edit ${g.key}`}
                    >
                      Edit
                    </Button>
                    <Button
                      variant="secondary"
                      className="text-red-700"
                      onClick={() => {
                        remove.reset();
                        setOpen({ kind: "delete", group: g });
                      }}
                      aria-label={`Delete ${g.key}`}
                    >
                      Delete
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      <section className="mt-8" aria-labelledby="other-workers">
        <h2 id="other-workers" className="mb-2 text-sm font-semibold text-slate-900">
          Default group and other workers
        </h2>
        {otherWorkers.length === 0 ? (
          <p className="text-sm text-slate-500">No live worker outside the groups above.</p>
        ) : (
          <ul className="space-y-1" data-testid="other-workers">
            {otherWorkers.map((w) => (
              <li key={w.id} className="flex flex-wrap items-center gap-x-3 text-xs text-slate-600" data-worker-row={w.id}>
                <Badge tone="slate">{w.workerGroup || "default"}</Badge>
                <span className="font-mono text-slate-800">{w.id}</span>
                <span>
                  {w.host}:{w.pid}
                </span>
                <span>
                  load {w.running}/{w.concurrency}
                </span>
                <span title={formatDateTime(w.lastHeartbeat)}>heartbeat {ago(w.lastHeartbeat)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {(open?.kind === "create" || open?.kind === "edit") && (
        <WorkerGroupDialog
          group={open.kind === "edit" ? open.group : null}
          tenants={tenants}
          create={actions.create}
          update={actions.update}
          onClose={() => setOpen(null)}
          onSaved={(g, created) => changed(`Worker group ${g.key} ${created ? "created" : "saved"}.`)}
        />
      )}
      {open?.kind === "delete" && (
        <ConfirmDialog
          title={`Delete worker group ${open.group.key}?`}
          confirmLabel="Delete worker group"
          pendingLabel="Deleting…"
          pending={remove.isPending}
          error={remove.isError ? errorMessage(remove.error) : null}
          onConfirm={() => remove.mutate(open.group.key)}
          onCancel={() => setOpen(null)}
        >
          Its workers stop taking work, and the tasks that name it follow their fallback: they wait (WAIT), fail (FAIL) or cancel their execution (CANCEL).
        </ConfirmDialog>
      )}
    </>
  );
}
