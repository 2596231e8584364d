"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice, type NoticeMessage } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { Switch } from "@/components/ui/switch";
import { THead, Table, tbodyClass, tdClass } from "@/components/ui/table";
import { errorMessage, unwrap } from "@/lib/actions/client";
import { formatDate } from "@/lib/ui/format";
import { CreateUserDialog } from "./create-user-dialog";
import type { InstanceUserRow } from "@/lib/users/types";
import type { FlagChange, InstanceUserActions } from "./types";

type Flag = "superadmin" | "canCreateTenant" | "disabled";

const FLAG_ACTION = { superadmin: "setSuperadmin", canCreateTenant: "setCanCreateTenant", disabled: "setDisabled" } as const;
const FLAG_TEXT: Record<Flag, [on: string, off: string]> = {
  superadmin: ["is now a superadmin", "is no longer a superadmin"],
  canCreateTenant: ["is now allowed to create tenants", "is no longer allowed to create tenants"],
  disabled: ["is disabled: their sessions and API tokens have ended", "is enabled again"],
};

/**
 * Instance users: create them, set the superadmin flag and the TENANT:CREATE permission, and
 * disable or enable them.
 */
export function InstanceUsers({
  users,
  currentUserId,
  actions,
}: {
  users: InstanceUserRow[];
  currentUserId: string | null;
  actions: InstanceUserActions;
}) {
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);

  const toggle = useMutation({
    mutationFn: async ({ flag, ...change }: FlagChange & { flag: Flag }) =>
      unwrap(await actions[FLAG_ACTION[flag]](change)),
    onSuccess: (u, { flag, value }) => {
      setNotice({ tone: "success", text: `${u.username} ${FLAG_TEXT[flag][value ? 0 : 1]}.` });
      router.refresh();
    },
    onError: (e) => setNotice({ tone: "error", text: errorMessage(e) }),
  });
  const busy = (username: string, flag: Flag) =>
    toggle.isPending && toggle.variables?.username === username && toggle.variables.flag === flag;

  return (
    <>
      <PageHeader
        title="Instance users"
        description="Users are global to the instance. Superadmins manage tenants and users; TENANT:CREATE lets a user create tenants."
        actions={
          <Button
            onClick={() => {
              setNotice(null);
              setCreating(true);
            }}
          >
            Create user
          </Button>
        }
      />
      {notice && <Notice tone={notice.tone} title={notice.text} onDismiss={() => setNotice(null)} className="mb-4" />}
      <Table testId="instance-users-table" label="Instance users">
        <THead
          columns={[
            { label: "User" },
            { label: "Display name" },
            { label: "Superadmin" },
            { label: "TENANT:CREATE" },
            { label: "Disabled" },
            { label: "Created" },
          ]}
        />
        <tbody className={tbodyClass}>
          {users.map((u) => {
            const self = u.id === currentUserId;
            return (
              <tr key={u.id} data-user-row={u.username}>
                <td className={tdClass}>
                  <span className="font-medium text-slate-900">{u.username}</span>
                  {self && (
                    <span className="ml-2">
                      <Badge tone="indigo">you</Badge>
                    </span>
                  )}
                  {u.serviceAccount && (
                    <span className="ml-2">
                      <Badge>service account</Badge>
                    </span>
                  )}
                </td>
                <td className={`${tdClass} text-slate-600`}>{u.displayName}</td>
                <td className={tdClass}>
                  <div className="flex items-center gap-2" title={self ? "Another superadmin can change your own flag" : undefined}>
                    <Switch
                      checked={u.superadmin}
                      label={`Superadmin: ${u.username}`}
                      busy={busy(u.username, "superadmin")}
                      disabled={self || toggle.isPending}
                      onChange={(value) => toggle.mutate({ flag: "superadmin", username: u.username, value })}
                    />
                  </div>
                </td>
                <td className={tdClass}>
                  <div className="flex items-center gap-2">
                    <Switch
                      checked={u.superadmin || u.canCreateTenant}
                      label={`TENANT:CREATE: ${u.username}`}
                      busy={busy(u.username, "canCreateTenant")}
                      disabled={u.superadmin || toggle.isPending}
                      onChange={(value) => toggle.mutate({ flag: "canCreateTenant", username: u.username, value })}
                    />
                    {u.superadmin && <span className="text-xs text-slate-500">as superadmin</span>}
                  </div>
                </td>
                <td className={tdClass}>
                  <div className="flex items-center gap-2" title={self ? "Another superadmin can disable you" : undefined}>
                    <Switch
                      checked={u.disabled}
                      label={`Disabled: ${u.username}`}
                      busy={busy(u.username, "disabled")}
                      disabled={self || toggle.isPending}
                      onChange={(value) => toggle.mutate({ flag: "disabled", username: u.username, value })}
                    />
                  </div>
                </td>
                <td className={`${tdClass} whitespace-nowrap text-slate-600`}>{formatDate(u.createdAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      {creating && (
        <CreateUserDialog
          create={actions.create}
          onClose={() => setCreating(false)}
          onCreated={(u) => {
            setCreating(false);
            setNotice({ tone: "success", text: `User ${u.username} created. Grant them access to a tenant from that tenant's Users page.` });
            router.refresh();
          }}
        />
      )}
    </>
  );
}
