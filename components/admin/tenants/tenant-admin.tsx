"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
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
import { meKeys } from "@/lib/query-keys";
import { formatDateTime } from "@/lib/ui/format";
import { AddAdminDialog } from "./add-admin-dialog";
import { CreateTenantDialog } from "./create-tenant-dialog";
import { EditTenantDialog } from "./edit-tenant-dialog";
import type { TenantRow } from "@/lib/tenants/types";
import type { TenantActions } from "./types";

type Open =
  | { kind: "create" }
  | { kind: "edit"; tenant: TenantRow }
  | { kind: "delete"; tenant: TenantRow }
  | { kind: "add-admin"; tenant: TenantRow }
  | null;

// fixed by SPEC §1; lib/tenants/served.ts holds it too but reads the server configuration
const DEFAULT_TENANT_ID = "main";

/** Instance administration of tenants: the list, and create, edit, delete, restore and (superadmins) add an Admin. */
export function TenantAdmin({
  tenants,
  superadmin,
  actions,
}: {
  tenants: TenantRow[];
  superadmin: boolean;
  actions: TenantActions;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);

  /** After a change: the server-rendered table, and the header's tenant list when it changed. */
  function changed(text: string, tenantList: boolean) {
    setOpen(null);
    setNotice({ tone: "success", text });
    if (tenantList) void queryClient.invalidateQueries({ queryKey: meKeys.all });
    router.refresh();
  }

  const remove = useMutation({
    mutationFn: async (id: string) => unwrap(await actions.remove({ id })),
    onSuccess: (t) =>
      changed(`Tenant ${t.id} deleted. Its data is kept${superadmin ? "; you can restore it below" : ""}.`, true),
  });
  const restore = useMutation({
    mutationFn: async (id: string) => unwrap(await actions.restore({ id })),
    onSuccess: (t) => changed(`Tenant ${t.id} restored.`, true),
    onError: (e) => setNotice({ tone: "error", text: errorMessage(e) }),
  });

  return (
    <>
      <PageHeader
        title="Tenants"
        description={
          superadmin
            ? "Every tenant of this instance. Deleting a tenant keeps its data, so it can be restored."
            : "The tenants you administer."
        }
        actions={
          <Button
            onClick={() => {
              setNotice(null);
              setOpen({ kind: "create" });
            }}
          >
            Create tenant
          </Button>
        }
      />
      {notice && <Notice tone={notice.tone} title={notice.text} onDismiss={() => setNotice(null)} className="mb-4" />}
      {tenants.length === 0 ? (
        <EmptyState title="No tenants yet">Create a tenant to give a team its own isolated flows, namespaces and users.</EmptyState>
      ) : (
        <Table testId="tenants-table" label="Tenants">
          <THead
            columns={[
              { label: "ID" },
              { label: "Name" },
              { label: "Created" },
              { label: "State" },
              { label: "Actions", srOnly: true, align: "right" },
            ]}
          />
          <tbody className={tbodyClass}>
            {tenants.map((t) => (
              <tr key={t.id} data-tenant-row={t.id} className={t.deleted ? "bg-slate-50/60" : undefined}>
                <td className={`${tdClass} font-mono text-xs ${t.deleted ? "text-slate-500" : "text-slate-700"}`}>{t.id}</td>
                <td className={tdClass}>
                  <div className={`font-medium ${t.deleted ? "text-slate-500" : "text-slate-900"}`}>
                    {t.name}
                    {t.id === DEFAULT_TENANT_ID && (
                      <span className="ml-2">
                        <Badge tone="indigo">default</Badge>
                      </span>
                    )}
                  </div>
                  {t.description && <div className="mt-0.5 max-w-md truncate text-xs text-slate-500">{t.description}</div>}
                </td>
                <td className={`${tdClass} whitespace-nowrap text-slate-600`}>{formatDateTime(t.createdAt)}</td>
                <td className={tdClass}>
                  {t.deleted ? (
                    <span title={`Deleted ${formatDateTime(t.deletedAt)}`}>
                      <Badge tone="red">Deleted</Badge>
                    </span>
                  ) : (
                    <Badge tone="green">Active</Badge>
                  )}
                </td>
                <td className={`${tdClass} whitespace-nowrap text-right`}>
                  <div className="flex justify-end gap-2">
                    {!t.deleted && (
                      <Button variant="secondary" onClick={() => setOpen({ kind: "edit", tenant: t })} aria-label={`Edit ${t.id}`}>
                        Edit
                      </Button>
                    )}
                    {!t.deleted && superadmin && (
                      <Button
                        variant="secondary"
                        onClick={() => {
                          setNotice(null);
                          setOpen({ kind: "add-admin", tenant: t });
                        }}
                        aria-label={`Add Admin to ${t.id}`}
                      >
                        Add Admin
                      </Button>
                    )}
                    {!t.deleted && t.id !== DEFAULT_TENANT_ID && (
                      <Button
                        variant="secondary"
                        className="text-red-700"
                        onClick={() => {
                          remove.reset();
                          setOpen({ kind: "delete", tenant: t });
                        }}
                        aria-label={`Delete ${t.id}`}
                      >
                        Delete
                      </Button>
                    )}
                    {t.deleted && superadmin && (
                      <Button
                        variant="secondary"
                        onClick={() => restore.mutate(t.id)}
                        disabled={restore.isPending}
                        aria-busy={restore.isPending && restore.variables === t.id}
                        aria-label={`Restore ${t.id}`}
                      >
                        {restore.isPending && restore.variables === t.id ? "Restoring…" : "Restore"}
                      </Button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      {open?.kind === "create" && (
        <CreateTenantDialog
          create={actions.create}
          restore={actions.restore}
          onClose={() => setOpen(null)}
          onCreated={(t) => changed(`Tenant ${t.id} created. You are its Admin, and it is now in your tenant list.`, true)}
          onRestored={(t) => changed(`Tenant ${t.id} restored, with its data.`, true)}
        />
      )}
      {open?.kind === "edit" && (
        <EditTenantDialog
          superadmin={superadmin}
          tenant={open.tenant}
          update={actions.update}
          onClose={() => setOpen(null)}
          onSaved={(t) => changed(`Tenant ${t.id} saved.`, true)}
        />
      )}
      {open?.kind === "add-admin" && (
        <AddAdminDialog
          tenant={open.tenant}
          addAdmin={actions.addAdmin}
          onClose={() => setOpen(null)}
          onAdded={(username) => changed(`${username} is now an Admin of ${open.tenant.id}.`, true)}
        />
      )}
      {open?.kind === "delete" && (
        <ConfirmDialog
          title={`Delete tenant ${open.tenant.id}?`}
          confirmLabel="Delete tenant"
          pendingLabel="Deleting…"
          pending={remove.isPending}
          error={remove.isError ? errorMessage(remove.error) : null}
          onConfirm={() => remove.mutate(open.tenant.id)}
          onCancel={() => setOpen(null)}
        >
          <p>
            <span className="font-medium text-slate-900">{open.tenant.name}</span> disappears from every user&apos;s tenant
            list and its pages and API answer 404.
          </p>
          <p className="mt-2">
            Its flows, secrets and other data are kept{superadmin ? " and you can restore it later" : "; only a superadmin can restore it"}.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
