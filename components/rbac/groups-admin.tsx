"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import type { Abilities } from "@/lib/rbac/abilities";
import { plural } from "@/lib/rbac/grant-summary";
import { rbacKeys } from "@/lib/query-keys";
import { ConfirmDialog } from "@/components/ui/dialog";
import { DangerButton } from "@/components/ui/danger-button";
import { type GroupActions, GroupForm } from "./group-form";
import { Notice } from "@/components/ui/notice";
import { useBindings, useGroups, useUserChoices } from "./queries";
import { RefreshFailed } from "./refresh-failed";
import type { BindingItem, GroupItem, List, UserChoice } from "@/lib/rbac/types";
import { useAction } from "@/lib/actions/use-action";

const SHOWN_MEMBERS = 12;

/** The tenant's groups with their members; create, rename, edit members, delete. */
export function GroupsAdmin({
  tenant,
  initialGroups,
  initialBindings,
  initialUsers,
  can,
  actions,
}: {
  tenant: string;
  initialGroups: List<GroupItem>;
  initialBindings: List<BindingItem> | null;
  /** null when the user may not list the tenant's users: members are then typed. */
  initialUsers: List<UserChoice> | null;
  can: Abilities;
  actions: GroupActions;
}) {
  const groupsQuery = useGroups(tenant, initialGroups);
  const bindingsQuery = useBindings(tenant, initialBindings);
  const groups = groupsQuery.data?.results ?? [];
  const bindings = bindingsQuery.data?.results ?? null;
  const users = useUserChoices(tenant, initialUsers).data ?? null;
  const choices = users ? { users: users.results, complete: users.results.length >= users.total } : null;
  const displayName = new Map(users?.results.map((u) => [u.username, u.displayName]));
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<GroupItem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const bindingsOf = (g: GroupItem) => (bindings ? bindings.filter((b) => b.group === g.name).length : null);

  const remove = useAction(actions.remove, {
    invalidate: [rbacKeys.groups(tenant), rbacKeys.bindings(tenant)],
    onSuccess: () => {
      setNotice(`Deleted group ${deleting?.name}.`);
      setDeleting(null);
    },
  });

  const startCreate = () => {
    setNotice(null);
    setEditing(null);
    setCreating(true);
  };

  return (
    <>
      <PageHeader
        title="Groups"
        description="A group is a set of users of this tenant; a role bound to a group reaches all its members."
        actions={
          can.create && (
            <Button type="button" onClick={startCreate} disabled={creating}>
              New group
            </Button>
          )
        }
      />
      <RefreshFailed failed={groupsQuery.isError || bindingsQuery.isError} />
      {notice && <Notice tone="success" title={notice} onDismiss={() => setNotice(null)} className="mb-4" />}
      {creating && (
        <div className="mb-6 rounded-lg border border-slate-200 bg-white p-5">
          <GroupForm
            tenant={tenant}
            actions={actions}
            choices={choices}
            onCancel={() => setCreating(false)}
            onDone={(g) => {
              setCreating(false);
              setNotice(`Created group ${g.name} with ${plural(g.members.length, "member")}.`);
            }}
          />
        </div>
      )}
      {groups.length === 0 ? (
        !creating && (
          <EmptyState
            title="No groups yet"
            action={
              can.create && (
                <Button type="button" onClick={startCreate}>
                  New group
                </Button>
              )
            }
          >
            Gather users who share a job into a group, then bind a role to the group once instead of to each of them.
          </EmptyState>
        )
      ) : (
        <ul className="space-y-3" data-testid="group-list">
          {groups.map((g) => (
            <li key={g.id} data-testid="group" data-group={g.name} className="rounded-lg border border-slate-200 bg-white p-4">
              {editing === g.id ? (
                <GroupForm
                  key={g.id}
                  tenant={tenant}
                  group={g}
                  actions={actions}
                  choices={choices}
                  onCancel={() => setEditing(null)}
                  onDone={(saved) => {
                    setEditing(null);
                    setNotice(`Saved group ${saved.name}.`);
                  }}
                />
              ) : (
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-baseline gap-x-2">
                      <h2 className="text-sm font-semibold text-slate-900">{g.name}</h2>
                      <span className="text-xs text-slate-500">
                        {plural(g.members.length, "member")}
                        {bindingsOf(g) !== null && ` · ${plural(bindingsOf(g)!, "binding")}`}
                      </span>
                    </div>
                    {g.description && <p className="mt-0.5 text-sm text-slate-500">{g.description}</p>}
                    {g.members.length > 0 && (
                      <ul aria-label={`Members of ${g.name}`} className="mt-2 flex flex-wrap gap-1.5">
                        {g.members.slice(0, SHOWN_MEMBERS).map((m) => (
                          <li key={m} title={m} className="max-w-64 truncate rounded-full bg-slate-100 px-2.5 py-0.5 text-xs text-slate-700">
                            {displayName.get(m) ?? m}
                          </li>
                        ))}
                        {g.members.length > SHOWN_MEMBERS && (
                          <li className="px-1 py-0.5 text-xs text-slate-500">+{g.members.length - SHOWN_MEMBERS} more</li>
                        )}
                      </ul>
                    )}
                  </div>
                  {(can.update || can.delete) && (
                    <div className="flex shrink-0 gap-2">
                      {can.update && (
                        <Button
                          type="button"
                          variant="secondary"
                          aria-label={`Edit group ${g.name}`}
                          onClick={() => {
                            setNotice(null);
                            setCreating(false);
                            setEditing(g.id);
                          }}
                        >
                          Edit
                        </Button>
                      )}
                      {can.delete && (
                        <DangerButton
                          aria-label={`Delete group ${g.name}`}
                          onClick={() => setDeleting(g)}
                        >
                          Delete
                        </DangerButton>
                      )}
                    </div>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete the group ${deleting?.name ?? ""}?`}
        confirmLabel="Delete group"
        pendingLabel="Deleting…"
        pending={remove.pending}
        error={remove.error?.message}
        onCancel={() => {
          setDeleting(null);
          remove.reset();
        }}
        onConfirm={() => deleting && remove.run({ tenant, id: deleting.id })}
      >
        {deleting && (
          <p>
            Its {plural(deleting.members.length, "member")} keep their own bindings but lose what the group gave them
            {bindingsOf(deleting) === null
              ? "; every binding given to the group is removed."
              : bindingsOf(deleting) === 0
                ? "; no binding names this group."
                : `: ${plural(bindingsOf(deleting)!, "binding")} given to the group will be removed.`}
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
