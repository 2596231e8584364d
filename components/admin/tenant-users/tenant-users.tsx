"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice, type NoticeMessage } from "@/components/ui/notice";
import { THead, Table, tbodyClass, tdClass } from "@/components/ui/table";
import { errorMessage, unwrap } from "@/lib/actions/client";
import { meKeys } from "@/lib/query-keys";
import { GrantAccessForm } from "./grant-access-form";
import type { TenantUserRow } from "@/lib/tenants/types";
import type { TenantUserActions } from "./types";

/** The users with access to one tenant, their roles and groups; granting and revoking access. */
export function TenantUsers({
  tenant,
  tenantName,
  users,
  page,
  pages,
  canGrant,
  canRevoke,
  currentUsername,
  actions,
}: {
  tenant: string;
  tenantName: string;
  users: TenantUserRow[];
  page: number;
  pages: number;
  canGrant: boolean;
  canRevoke: boolean;
  currentUsername: string;
  actions: TenantUserActions;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [revoking, setRevoking] = useState<TenantUserRow | null>(null);

  const revoke = useMutation({
    mutationFn: async (username: string) => unwrap(await actions.revoke({ tenant, username })),
    onSuccess: ({ username }) => {
      setRevoking(null);
      if (username === currentUsername) {
        // one's own access is gone: this tenant's pages now answer 404
        void queryClient.invalidateQueries({ queryKey: meKeys.all });
        router.push("/ui");
        return;
      }
      setNotice({ tone: "success", text: `${username} no longer has access to ${tenantName}.` });
      router.refresh();
    },
  });

  return (
    <>
      {notice && <Notice tone={notice.tone} title={notice.text} onDismiss={() => setNotice(null)} className="mb-4" />}
      {canGrant && (
        <GrantAccessForm
          tenant={tenant}
          grant={actions.grant}
          onGranted={({ username, created }) => {
            setNotice({
              tone: "success",
              text: created
                ? `${username} now has access to ${tenantName}. Bind a role to them to let them see and do things here.`
                : `${username} already had access to ${tenantName}.`,
            });
            router.refresh();
          }}
        />
      )}
      {users.length === 0 ? (
        <EmptyState title="No users have access yet">
          {canGrant ? "Grant access to a user by their username above." : "An administrator of this tenant can grant access."}
        </EmptyState>
      ) : (
        <Table testId="tenant-users-table" label="Users with access">
          <THead
            columns={[
              { label: "User" },
              { label: "Roles" },
              { label: "Groups" },
              ...(canRevoke ? [{ label: "Actions", srOnly: true, align: "right" as const }] : []),
            ]}
          />
          <tbody className={tbodyClass}>
            {users.map((u) => (
              <tr key={u.username} data-user-row={u.username}>
                <td className={tdClass}>
                  <div className="font-medium text-slate-900">{u.displayName}</div>
                  <div className="text-xs text-slate-500">{u.username}</div>
                </td>
                <td className={tdClass}>
                  {u.roles.length === 0 ? (
                    <span className="text-xs text-slate-500">No direct roles</span>
                  ) : (
                    <ul className="flex flex-wrap gap-1.5">
                      {u.roles.map((r) => (
                        <li
                          key={`${r.role}@${r.namespace ?? ""}`}
                          className="inline-flex items-center gap-1 rounded-md bg-slate-50 px-1.5 py-0.5 text-xs ring-1 ring-inset ring-slate-200"
                        >
                          <span className="font-medium text-slate-800">{r.role}</span>
                          <span className="text-slate-400">·</span>
                          {r.namespace ? (
                            <span className="font-mono text-slate-600">{r.namespace}</span>
                          ) : (
                            <span className="text-slate-500">tenant-wide</span>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className={tdClass}>
                  {u.groups.length === 0 ? (
                    <span className="text-xs text-slate-400">—</span>
                  ) : (
                    <div className="flex flex-wrap gap-1.5">
                      {u.groups.map((g) => (
                        <Badge key={g}>{g}</Badge>
                      ))}
                    </div>
                  )}
                </td>
                {canRevoke && (
                  <td className={`${tdClass} text-right`}>
                    <Button
                      variant="secondary"
                      className="text-red-700"
                      aria-label={`Revoke access of ${u.username}`}
                      onClick={() => {
                        revoke.reset();
                        setNotice(null);
                        setRevoking(u);
                      }}
                    >
                      Revoke access
                    </Button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {pages > 1 && (
        <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm text-slate-600">
          <span>
            Page {page} of {pages}
          </span>
          <span className="flex gap-2">
            {page > 1 && (
              <Link className={buttonClass("secondary")} href={`?page=${page - 1}`}>
                Previous
              </Link>
            )}
            {page < pages && (
              <Link className={buttonClass("secondary")} href={`?page=${page + 1}`}>
                Next
              </Link>
            )}
          </span>
        </nav>
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke access of ${revoking.username}?`}
          confirmLabel="Revoke access"
          pendingLabel="Revoking…"
          pending={revoke.isPending}
          error={revoke.isError ? errorMessage(revoke.error) : null}
          onConfirm={() => revoke.mutate(revoking.username)}
          onCancel={() => setRevoking(null)}
        >
          <p>
            {revoking.username === currentUsername ? "You" : revoking.displayName} will no longer see {tenantName} in the tenant
            list, and its pages will answer 404.
          </p>
          <p className="mt-2">Their role bindings are kept but grant nothing until access is granted again.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
