"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { TextInput } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import type { Abilities } from "@/lib/rbac/abilities";
import { plural } from "@/lib/rbac/grant-summary";
import type { NamespaceEntry } from "@/lib/namespaces/tree";
import { rbacKeys } from "@/lib/query-keys";
import { Badge } from "@/components/ui/badge";
import { type BindingActions, BindingForm } from "./binding-form";
import { ConfirmDialog } from "@/components/ui/dialog";
import { DangerButton } from "@/components/ui/danger-button";
import { Notice } from "@/components/ui/notice";
import { useBindings, useGroups, useRoles, useUserChoices } from "./queries";
import { RefreshFailed } from "./refresh-failed";
import type { BindingItem, GroupItem, List, RoleItem, UserChoice } from "@/lib/rbac/types";
import { useAction } from "@/lib/actions/use-action";

const principalOf = (b: BindingItem) => (b.user ? { kind: "user", name: b.user } : { kind: "group", name: b.group ?? "" });
const scopeOf = (b: BindingItem) => (b.namespace ? `namespace ${b.namespace}` : "tenant-wide");

/** Who has which role where: the tenant's bindings, with create and delete. */
export function BindingsAdmin({
  tenant,
  initialBindings,
  initialRoles,
  initialGroups,
  initialUsers,
  namespaces,
  can,
  actions,
}: {
  tenant: string;
  initialBindings: List<BindingItem>;
  initialRoles: List<RoleItem> | null;
  initialGroups: List<GroupItem> | null;
  initialUsers: List<UserChoice> | null;
  namespaces: NamespaceEntry[];
  can: Abilities;
  actions: BindingActions;
}) {
  const bindingsQuery = useBindings(tenant, initialBindings);
  const bindings = bindingsQuery.data?.results ?? [];
  const roles = useRoles(tenant, initialRoles).data?.results ?? null;
  const groups = useGroups(tenant, initialGroups).data?.results ?? null;
  const users = useUserChoices(tenant, initialUsers).data?.results ?? null;
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<BindingItem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [filter, setFilter] = useState("");
  const q = filter.trim().toLowerCase();
  const shown = q
    ? bindings.filter((b) => [b.user, b.group, b.role, b.namespace ?? "tenant-wide"].some((v) => v?.toLowerCase().includes(q)))
    : bindings;

  const remove = useAction(actions.remove, {
    invalidate: [rbacKeys.bindings(tenant)],
    onSuccess: () => {
      if (deleting) setNotice(`Removed ${deleting.role} from ${principalOf(deleting).name} (${scopeOf(deleting)}).`);
      setDeleting(null);
    },
  });
  const startCreate = () => {
    setNotice(null);
    setCreating(true);
  };

  return (
    <>
      <PageHeader
        title="Bindings"
        description="A binding gives one role to a user or a group, tenant-wide or on one namespace and all its descendants."
        actions={
          can.create && (
            <Button type="button" onClick={startCreate} disabled={creating}>
              New binding
            </Button>
          )
        }
      />
      <RefreshFailed failed={bindingsQuery.isError} />
      {notice && <Notice tone="success" title={notice} onDismiss={() => setNotice(null)} className="mb-4" />}
      {creating && (
        <div className="mb-6 rounded-lg border border-slate-200 bg-white p-5">
          <BindingForm
            tenant={tenant}
            actions={actions}
            roles={roles}
            groups={groups}
            users={users}
            namespaces={namespaces}
            onCancel={() => setCreating(false)}
            onDone={(b) => {
              setCreating(false);
              setNotice(`Gave ${b.role} to ${principalOf(b).name} (${scopeOf(b)}).`);
            }}
          />
        </div>
      )}
      {bindings.length === 0 ? (
        !creating && (
          <EmptyState
            title="No bindings yet"
            action={
              can.create && (
                <Button type="button" onClick={startCreate}>
                  New binding
                </Button>
              )
            }
          >
            Nobody in this tenant has a role yet. Bind a role to a user or a group to let them in.
          </EmptyState>
        )
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-4 py-2.5">
            <p className="text-sm text-slate-500">
              {q ? `${shown.length} of ${plural(bindings.length, "binding")}` : plural(bindings.length, "binding")}
            </p>
            <label className="sr-only" htmlFor="binding-filter">
              Filter bindings
            </label>
            <TextInput
              id="binding-filter"
              type="search"
              placeholder="Filter by user, group, role or namespace"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              className="max-w-xs"
            />
          </div>
          <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="bindings-table">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2">
                  Principal
                </th>
                <th scope="col" className="px-4 py-2">
                  Role
                </th>
                <th scope="col" className="px-4 py-2">
                  Scope
                </th>
                {can.delete && (
                  <th scope="col" className="w-24 px-4 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {shown.map((b) => {
                const p = principalOf(b);
                return (
                  <tr key={b.id} data-testid="binding-row">
                    <td className="px-4 py-2">
                      <span className="flex items-center gap-2">
                        <Badge tone={p.kind === "user" ? "slate" : "indigo"}>{p.kind}</Badge>
                        <span className="truncate font-medium text-slate-800">{p.name}</span>
                      </span>
                    </td>
                    <td className="px-4 py-2 text-slate-700">{b.role}</td>
                    <td className="px-4 py-2">
                      {b.namespace ? (
                        <span>
                          <span className="font-mono text-xs text-slate-700">{b.namespace}</span>
                          <span className="ml-1.5 text-xs text-slate-500">and descendants</span>
                        </span>
                      ) : (
                        <Badge tone="green">tenant-wide</Badge>
                      )}
                    </td>
                    {can.delete && (
                      <td className="px-4 py-1.5 text-right">
                        <DangerButton
                          aria-label={`Delete binding: ${b.role} for ${p.kind} ${p.name}, ${scopeOf(b)}`}
                          onClick={() => setDeleting(b)}
                        >
                          Delete
                        </DangerButton>
                      </td>
                    )}
                  </tr>
                );
              })}
              {shown.length === 0 && (
                <tr>
                  <td colSpan={can.delete ? 4 : 3} className="px-4 py-6 text-center text-sm text-slate-500">
                    No binding matches “{filter}”.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this binding?"
        confirmLabel="Delete binding"
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
            The {principalOf(deleting).kind} <strong className="font-medium text-slate-800">{principalOf(deleting).name}</strong> loses the
            role <strong className="font-medium text-slate-800">{deleting.role}</strong>{" "}
            {deleting.namespace ? (
              <>
                on <span className="font-mono text-xs">{deleting.namespace}</span> and its descendants
              </>
            ) : (
              "tenant-wide"
            )}{" "}
            from their next request, unless another binding gives it.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
