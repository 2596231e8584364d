"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import type { ActionResult } from "@/lib/actions/result";
import { grantCount, plural } from "@/lib/rbac/grant-summary";
import type { Abilities } from "@/lib/rbac/abilities";
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { useBindings, useRoles } from "./queries";
import { RefreshFailed } from "./refresh-failed";
import { RoleCreateForm } from "./role-create-form";
import { RoleEditor } from "./role-editor";
import type { RoleDraft } from "./role-fields";
import type { BindingItem, List, RoleItem } from "@/lib/rbac/types";

export type RoleActions = {
  create: (input: RoleDraft & { tenant: string }) => Promise<ActionResult<RoleItem>>;
  update: (input: RoleDraft & { tenant: string; id: string; version: number }) => Promise<ActionResult<RoleItem>>;
  remove: (input: { tenant: string; id: string }) => Promise<ActionResult<{ id: string; bindingsRemoved: number }>>;
};

type Selection = { kind: "role"; id: string } | { kind: "new"; from?: RoleItem } | null;

/** Managed and custom roles: a list to pick from and the picked role's permission matrix. */
export function RolesAdmin({
  tenant,
  initialRoles,
  initialBindings,
  can,
  actions,
}: {
  tenant: string;
  initialRoles: List<RoleItem>;
  /** null when the user may not read bindings (the delete dialog then cannot count them). */
  initialBindings: List<BindingItem> | null;
  can: Abilities;
  actions: RoleActions;
}) {
  const rolesQuery = useRoles(tenant, initialRoles);
  const bindingsQuery = useBindings(tenant, initialBindings);
  const roles = rolesQuery.data?.results ?? [];
  const bindings = bindingsQuery.data?.results ?? null;
  const [selection, setSelection] = useState<Selection>(roles[0] ? { kind: "role", id: roles[0].id } : null);
  const [notice, setNotice] = useState<string | null>(null);
  const selected = selection?.kind === "role" ? roles.find((r) => r.id === selection.id) : undefined;
  const managed = roles.filter((r) => r.managed);
  const custom = roles.filter((r) => !r.managed);

  const newRole = (from?: RoleItem) => {
    setNotice(null);
    setSelection({ kind: "new", from });
  };

  return (
    <>
      <PageHeader
        title="Roles"
        description="A role is a named set of permissions. Managed roles come with every tenant; custom roles are yours to shape."
        actions={
          can.create && (
            <Button type="button" onClick={() => newRole()} disabled={selection?.kind === "new"}>
              New role
            </Button>
          )
        }
      />
      <RefreshFailed failed={rolesQuery.isError || bindingsQuery.isError} />
      {notice && <Notice tone="success" title={notice} onDismiss={() => setNotice(null)} className="mb-4" />}
      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 lg:grid-cols-[17rem_minmax(0,1fr)]">
        <nav aria-label="Roles" className="min-w-0 space-y-5">
          <RoleList title="Managed roles" roles={managed} selectedId={selected?.id} onSelect={(id) => setSelection({ kind: "role", id })} />
          <RoleList
            title="Custom roles"
            roles={custom}
            selectedId={selected?.id}
            onSelect={(id) => setSelection({ kind: "role", id })}
            empty={
              <p className="rounded-md border border-dashed border-slate-300 bg-white px-3 py-4 text-center text-sm text-slate-500">
                No custom roles yet.
                {can.create && (
                  <>
                    {" "}
                    <button type="button" className="font-medium text-indigo-600 hover:text-indigo-500" onClick={() => newRole()}>
                      Create one
                    </button>
                  </>
                )}
              </p>
            }
          />
        </nav>
        <section aria-label="Role details" data-testid="role-detail" className="min-w-0 rounded-lg border border-slate-200 bg-white p-5">
          {selection?.kind === "new" ? (
            <RoleCreateForm
              key={selection.from?.id ?? "blank"}
              tenant={tenant}
              template={selection.from}
              create={actions.create}
              onCancel={() => setSelection(roles[0] ? { kind: "role", id: roles[0].id } : null)}
              onCreated={(role) => {
                setNotice(`Created role ${role.name}.`);
                setSelection({ kind: "role", id: role.id });
              }}
            />
          ) : selected ? (
            <RoleEditor
              key={selected.id}
              tenant={tenant}
              role={selected}
              can={can}
              bindingCount={bindings ? bindings.filter((b) => b.role === selected.name).length : null}
              actions={actions}
              onDuplicate={can.create ? () => newRole(selected) : undefined}
              onSaved={(role) => setNotice(`Saved role ${role.name}.`)}
              onDeleted={(name, removed) => {
                setNotice(`Deleted role ${name}${removed ? ` and ${plural(removed, "binding")} that gave it` : ""}.`);
                setSelection(null);
              }}
            />
          ) : (
            <p className="py-10 text-center text-sm text-slate-500">Choose a role to see its permissions.</p>
          )}
        </section>
      </div>
    </>
  );
}

function RoleList({
  title,
  roles,
  selectedId,
  onSelect,
  empty,
}: {
  title: string;
  roles: RoleItem[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
  empty?: React.ReactNode;
}) {
  return (
    <div>
      <h2 className="mb-1.5 px-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h2>
      {roles.length === 0 ? (
        empty
      ) : (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white" data-testid={`${title.split(" ")[0].toLowerCase()}-roles`}>
          {roles.map((r) => {
            const active = r.id === selectedId;
            const { granted, of } = grantCount(r.permissions);
            return (
              <li key={r.id}>
                <button
                  type="button"
                  aria-current={active ? "true" : undefined}
                  onClick={() => onSelect(r.id)}
                  className={`block w-full px-3 py-2 text-left focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600 ${
                    active ? "bg-indigo-50" : "hover:bg-slate-50"
                  }`}
                >
                  <span className="flex items-center justify-between gap-2">
                    <span className={`truncate text-sm font-medium ${active ? "text-indigo-700" : "text-slate-800"}`}>{r.name}</span>
                    {r.managed && <Badge>managed</Badge>}
                  </span>
                  <span className={`mt-0.5 block truncate text-xs ${active ? "text-slate-600" : "text-slate-500"}`}>
                    {granted === of ? "Every permission" : granted === 0 ? "No permissions" : `${granted} of ${of} permissions`}
                    {r.description ? ` · ${r.description}` : ""}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
