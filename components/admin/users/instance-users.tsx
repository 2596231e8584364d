"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { TextInput } from "@/components/ui/field";
import { Notice, type NoticeMessage } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
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

export type UserSearch = { q?: string; total: number; page: number; size: number; sizeInQuery?: string };

/**
 * Instance users: search them (the query runs on the server, a page at a time), create them, set
 * the superadmin flag and the TENANT:CREATE permission, and disable or enable them. Each user's
 * page has the rest (access, tokens, sign-ins, password reset).
 */
export function InstanceUsers({
  users,
  search,
  currentUserId,
  actions,
}: {
  users: InstanceUserRow[];
  search: UserSearch;
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
      <form role="search" method="get" className="mb-4 flex max-w-md gap-2">
        <label htmlFor="user-search" className="sr-only">
          Search users
        </label>
        <TextInput id="user-search" type="search" name="q" defaultValue={search.q ?? ""} placeholder="Search by name or e-mail…" autoComplete="off" />
        {search.sizeInQuery && <input type="hidden" name="size" value={search.sizeInQuery} />}
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {users.length === 0 ? (
        <EmptyState title={search.q ? `No user matches “${search.q}”` : "No user yet"}>
          {search.q ? (
            <Link href="/ui/admin/users" className="text-indigo-700 underline">
              Show every user
            </Link>
          ) : undefined}
        </EmptyState>
      ) : (
        <>
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
                      <Link href={`/ui/admin/users/${encodeURIComponent(u.username)}`} className="font-medium text-indigo-700 hover:underline">
                        {u.username}
                      </Link>
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
          <Pager
            page={search.page}
            pages={Math.max(1, Math.ceil(search.total / search.size))}
            total={search.total}
            query={{ q: search.q, size: search.sizeInQuery }}
          />
        </>
      )}
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
