"use client";
import Link from "next/link";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { splitErrors } from "@/lib/actions/client";
import type { ActionResult } from "@/lib/actions/result";
import { NAMESPACED_PERMISSIONS, PERMISSIONS } from "@/lib/authz/permissions";
import { namespaceSchema } from "@/lib/namespaces/schemas";
import { type NamespaceEntry, buildNamespaceTree, findNamespace } from "@/lib/namespaces/tree";
import { rbacKeys } from "@/lib/query-keys";
import { ErrorSummary } from "./error-summary";
import { NamespaceTreePicker } from "@/components/namespaces/namespace-tree-picker";
import { Select } from "./select";
import type { BindingItem, GroupItem, RoleItem, UserChoice } from "@/lib/rbac/types";
import { useAction } from "@/lib/actions/use-action";

export type BindingDraft = { user?: string; group?: string; role: string; namespace: string | null };
export type BindingActions = {
  create: (input: BindingDraft & { tenant: string }) => Promise<ActionResult<BindingItem>>;
  remove: (input: { tenant: string; id: string }) => Promise<ActionResult<{ id: string }>>;
};
const FIELDS = ["user", "group", "role", "namespace"] as const;

const radioClass = "h-4 w-4 accent-indigo-600";

/**
 * Gives a role to a user or a group, tenant-wide or on one namespace (picked from the tree or
 * typed, since a namespace may have no flows yet). Lists the user may not read become text boxes.
 */
export function BindingForm({
  tenant,
  actions,
  roles,
  groups,
  users,
  namespaces,
  onDone,
  onCancel,
}: {
  tenant: string;
  actions: BindingActions;
  roles: RoleItem[] | null;
  groups: GroupItem[] | null;
  users: UserChoice[] | null;
  namespaces: NamespaceEntry[];
  onDone: (binding: BindingItem) => void;
  onCancel: () => void;
}) {
  const [kind, setKind] = useState<"user" | "group">("user");
  const [user, setUser] = useState("");
  const [group, setGroup] = useState("");
  const [role, setRole] = useState("");
  const [scope, setScope] = useState<"tenant" | "namespace">("tenant");
  const [namespace, setNamespace] = useState("");
  // what the form itself refuses before asking the server: nothing chosen, a malformed namespace
  const [local, setLocal] = useState<Partial<Record<(typeof FIELDS)[number], string>>>({});
  const tree = useMemo(() => buildNamespaceTree(namespaces, () => true), [namespaces]);
  const create = useAction(actions.create, { invalidate: [rbacKeys.bindings(tenant)], onSuccess: onDone });
  const clear = (field: (typeof FIELDS)[number]) => setLocal(({ [field]: _, ...others }) => others);
  const server = splitErrors(create.error, FIELDS);
  const fields = { ...server.fields, ...local };
  const rest = server.rest;
  const chosenRole = roles?.find((r) => r.name === role);
  // on a namespace only the namespaced permissions apply: say so before the user is surprised
  const tenantOnly = chosenRole ? PERMISSIONS.filter((p) => !NAMESPACED_PERMISSIONS.includes(p) && chosenRole.permissions[p]?.length) : [];
  const known = namespace && findNamespace(tree, namespace);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const problems: typeof local = {};
    if (kind === "user" && !user.trim()) problems.user = "Choose the user to give the role to";
    if (kind === "group" && !group) problems.group = "Choose the group to give the role to";
    if (!role) problems.role = "Choose a role";
    const parsed = scope === "namespace" ? namespaceSchema.safeParse(namespace.trim()) : null;
    if (parsed && !parsed.success) problems.namespace = parsed.error.issues[0].message;
    setLocal(problems);
    if (Object.keys(problems).length) {
      create.reset();
      return;
    }
    create.run({
      tenant,
      role,
      namespace: parsed?.success ? parsed.data : null,
      ...(kind === "user" ? { user: user.trim() } : { group }),
    });
  }

  return (
    <form noValidate aria-label="New binding" onSubmit={submit} className="space-y-5">
      <h2 className="text-base font-semibold text-slate-900">New binding</h2>
      <ErrorSummary error={create.error} rest={rest} />
      <div className="grid gap-5 md:grid-cols-2">
        <div className="space-y-4">
          <fieldset>
            <legend className="mb-1 text-sm font-medium text-slate-700">Give the role to</legend>
            <div className="flex gap-5 text-sm">
              {(["user", "group"] as const).map((k) => (
                <label key={k} className="flex items-center gap-2">
                  <input type="radio" name="principal-kind" className={radioClass} checked={kind === k} onChange={() => setKind(k)} />
                  {k === "user" ? "A user" : "A group"}
                </label>
              ))}
            </div>
          </fieldset>
          {kind === "user" ? (
            <Field label="User" htmlFor="binding-user" error={fields.user} hint={users ? "Start typing to see the tenant's users" : undefined}>
              <TextInput
                id="binding-user"
                list={users ? "binding-user-choices" : undefined}
                value={user}
                autoComplete="off"
                placeholder="username"
                aria-invalid={!!fields.user}
                aria-describedby={fields.user ? "binding-user-error" : undefined}
                onChange={(e) => {
                  setUser(e.target.value);
                  clear("user");
                }}
              />
              {users && (
                <datalist id="binding-user-choices">
                  {users.map((u) => (
                    <option key={u.username} value={u.username}>
                      {u.displayName}
                    </option>
                  ))}
                </datalist>
              )}
            </Field>
          ) : (
            <Field label="Group" htmlFor="binding-group" error={fields.group}>
              {groups ? (
                groups.length ? (
                  <Select
                    id="binding-group"
                    value={group}
                    aria-invalid={!!fields.group}
                    aria-describedby={fields.group ? "binding-group-error" : undefined}
                    onChange={(e) => {
                      setGroup(e.target.value);
                      clear("group");
                    }}
                  >
                    <option value="">Choose a group…</option>
                    {groups.map((g) => (
                      <option key={g.id} value={g.name}>
                        {g.name} ({g.members.length})
                      </option>
                    ))}
                  </Select>
                ) : (
                  <p className="text-sm text-slate-500">
                    No groups yet.{" "}
                    <Link href={`/ui/${tenant}/admin/groups`} className="font-medium text-indigo-600 hover:text-indigo-500">
                      Create one
                    </Link>
                  </p>
                )
              ) : (
                <TextInput id="binding-group" value={group} placeholder="group name" onChange={(e) => setGroup(e.target.value)} />
              )}
            </Field>
          )}
          <Field label="Role" htmlFor="binding-role" error={fields.role}>
            {roles ? (
              <Select
                id="binding-role"
                value={role}
                aria-invalid={!!fields.role}
                aria-describedby={fields.role ? "binding-role-error" : undefined}
                onChange={(e) => {
                  setRole(e.target.value);
                  clear("role");
                }}
              >
                <option value="">Choose a role…</option>
                <optgroup label="Managed roles">
                  {roles.filter((r) => r.managed).map((r) => (
                    <option key={r.id} value={r.name}>
                      {r.name}
                    </option>
                  ))}
                </optgroup>
                {roles.some((r) => !r.managed) && (
                  <optgroup label="Custom roles">
                    {roles.filter((r) => !r.managed).map((r) => (
                      <option key={r.id} value={r.name}>
                        {r.name}
                      </option>
                    ))}
                  </optgroup>
                )}
              </Select>
            ) : (
              <TextInput id="binding-role" value={role} placeholder="role name" onChange={(e) => setRole(e.target.value)} />
            )}
          </Field>
        </div>
        <fieldset className="min-w-0">
          <legend className="mb-1 text-sm font-medium text-slate-700">Scope</legend>
          <div className="space-y-1.5 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" name="binding-scope" className={radioClass} checked={scope === "tenant"} onChange={() => setScope("tenant")} />
              Tenant-wide
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="binding-scope" className={radioClass} checked={scope === "namespace"} onChange={() => setScope("namespace")} />
              One namespace and its descendants
            </label>
          </div>
          {scope === "namespace" && (
            <div className="mt-3 space-y-2">
              <Field
                label="Namespace"
                htmlFor="binding-namespace"
                error={fields.namespace}
                hint={namespace && !known ? "No flow uses this namespace yet; the binding applies as soon as one does." : "Pick one below or type it."}
              >
                <TextInput
                  id="binding-namespace"
                  value={namespace}
                  placeholder="company.team"
                  autoComplete="off"
                  className="font-mono"
                  aria-invalid={!!fields.namespace}
                  aria-describedby={fields.namespace ? "binding-namespace-error" : undefined}
                  onChange={(e) => {
                    setNamespace(e.target.value);
                    clear("namespace");
                  }}
                />
              </Field>
              <NamespaceTreePicker nodes={tree} selected={namespace} onSelect={setNamespace} name="binding-namespace-pick" label="Namespaces" />
              {tenantOnly.length > 0 && (
                <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-800">
                  On a namespace, {role} grants only its namespace permissions; {tenantOnly.join(", ")} need a tenant-wide binding.
                </p>
              )}
            </div>
          )}
        </fieldset>
      </div>
      <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
        <Button type="button" variant="secondary" onClick={onCancel} disabled={create.pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.pending}>
          {create.pending ? "Creating…" : "Create binding"}
        </Button>
      </div>
    </form>
  );
}
