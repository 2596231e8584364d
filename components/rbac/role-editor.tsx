"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { splitErrors } from "@/lib/actions/client";
import type { Abilities } from "@/lib/rbac/abilities";
import { plural, sameGrants } from "@/lib/rbac/grant-summary";
import { rbacKeys } from "@/lib/query-keys";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/dialog";
import { DangerButton } from "@/components/ui/danger-button";
import { ErrorSummary } from "./error-summary";
import { PermissionMatrix } from "./permission-matrix";
import { ROLE_FIELDS, type RoleDraft, RoleFields } from "./role-fields";
import type { RoleActions } from "./roles-admin";
import type { RoleItem } from "@/lib/rbac/types";
import { useAction } from "@/lib/actions/use-action";

const draftOf = (r: RoleItem): RoleDraft => ({ name: r.name, description: r.description, permissions: r.permissions });
const sameDraft = (a: RoleDraft, b: RoleDraft) =>
  a.name === b.name && a.description === b.description && sameGrants(a.permissions, b.permissions);

/**
 * One role: read-only when managed (or when the user may not update it); otherwise an edit form
 * that keeps the version it was loaded with, so a save over someone else's change is refused
 * (412) and the user's edits stay on screen.
 */
export function RoleEditor({
  tenant,
  role,
  can,
  bindingCount,
  actions,
  onDuplicate,
  onSaved,
  onDeleted,
}: {
  tenant: string;
  /** The latest version the page knows of. */
  role: RoleItem;
  can: Abilities;
  bindingCount: number | null;
  actions: RoleActions;
  onDuplicate?: () => void;
  onSaved: (role: RoleItem) => void;
  onDeleted: (name: string, bindingsRemoved: number) => void;
}) {
  const qc = useQueryClient();
  const [base, setBase] = useState(() => ({ version: role.version, draft: draftOf(role) }));
  const [draft, setDraft] = useState<RoleDraft>(base.draft);
  const [confirming, setConfirming] = useState(false);
  const refreshRoles = () => qc.invalidateQueries({ queryKey: rbacKeys.roles(tenant) });

  const save = useAction(actions.update, {
    invalidate: [rbacKeys.roles(tenant), rbacKeys.bindings(tenant)],
    onSuccess: (saved) => {
      setBase({ version: saved.version, draft: draftOf(saved) });
      setDraft(draftOf(saved));
      onSaved(saved);
    },
    // learn the version that won, so the user can load it or save over it
    onError: (e) => (e.status === 412 || e.status === 404) && refreshRoles(),
  });
  const remove = useAction(actions.remove, {
    invalidate: [rbacKeys.roles(tenant), rbacKeys.bindings(tenant)],
    onSuccess: (res) => {
      setConfirming(false);
      onDeleted(role.name, res.bindingsRemoved);
    },
  });

  if (role.managed) {
    return (
      <div className="space-y-4">
        <RoleHeading role={role} />
        <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600">
          Managed roles come with every tenant and cannot be changed or deleted.
          {onDuplicate && " Duplicate it to start a custom role from its permissions."}
        </p>
        <PermissionMatrix value={role.permissions} disabled />
        {onDuplicate && (
          <div className="flex justify-end">
            <Button type="button" variant="secondary" onClick={onDuplicate}>
              Duplicate as custom role
            </Button>
          </div>
        )}
      </div>
    );
  }

  const editable = can.update;
  const conflict = save.error?.status === 412;
  const latestKnown = role.version !== base.version;
  const dirty = !sameDraft(draft, base.draft);
  const { fields, rest } = splitErrors(save.error, ROLE_FIELDS);
  const run = (version: number) => save.run({ tenant, id: role.id, version, ...draft });

  return (
    <form
      noValidate
      aria-label={`Role ${role.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (editable) run(base.version);
      }}
      className="space-y-5"
    >
      <RoleHeading role={role} />
      {conflict ? (
        <div role="alert" data-testid="role-conflict" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-3 text-sm text-amber-900">
          <p className="font-medium">Someone else changed this role after you opened it.</p>
          <p className="mt-0.5">
            Your edits were not saved and are still below. Load their version (your edits are discarded) or save yours over it.
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <Button
              type="button"
              variant="secondary"
              disabled={!latestKnown || save.pending}
              onClick={() => {
                setBase({ version: role.version, draft: draftOf(role) });
                setDraft(draftOf(role));
                save.reset();
              }}
            >
              Load their version
            </Button>
            <Button type="button" disabled={!latestKnown || save.pending} onClick={() => run(role.version)}>
              Save mine over theirs
            </Button>
            {!latestKnown && <span className="self-center text-xs text-amber-800">Loading the latest version…</span>}
          </div>
        </div>
      ) : (
        <ErrorSummary error={save.error} rest={rest} />
      )}
      {editable && !conflict && latestKnown && !save.pending && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Someone else has changed this role since you opened it; saving will ask whether to keep their version or yours.
        </p>
      )}
      <RoleFields idPrefix={`role-${role.id}`} draft={editable ? draft : draftOf(role)} onChange={setDraft} errors={fields} readOnly={!editable} />
      {(editable || can.delete) && (
        <div className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-100 pt-4">
          <div>
            {can.delete && (
              <DangerButton onClick={() => setConfirming(true)}>
                Delete role
              </DangerButton>
            )}
          </div>
          {editable && (
            <div className="flex gap-2">
              {onDuplicate && (
                <Button type="button" variant="secondary" onClick={onDuplicate}>
                  Duplicate
                </Button>
              )}
              <Button
                type="button"
                variant="secondary"
                disabled={!dirty || save.pending}
                onClick={() => {
                  setDraft(base.draft);
                  save.reset();
                }}
              >
                Discard changes
              </Button>
              <Button type="submit" disabled={!dirty || save.pending || conflict}>
                {save.pending ? "Saving…" : "Save changes"}
              </Button>
            </div>
          )}
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Delete the role ${role.name}?`}
        confirmLabel="Delete role"
        pendingLabel="Deleting…"
        pending={remove.pending}
        error={remove.error?.message}
        onCancel={() => {
          setConfirming(false);
          remove.reset();
        }}
        onConfirm={() => remove.run({ tenant, id: role.id })}
      >
        <p data-testid="delete-role-impact">
          {bindingCount === null
            ? "Every binding that gives this role is removed with it."
            : bindingCount === 0
              ? "No binding gives this role, so nobody loses access."
              : `${plural(bindingCount, "binding")} that ${bindingCount === 1 ? "gives" : "give"} this role will be removed too; the users and groups ${bindingCount === 1 ? "it reaches lose" : "they reach lose"} its permissions on their next request.`}
        </p>
      </ConfirmDialog>
    </form>
  );
}

function RoleHeading({ role }: { role: RoleItem }) {
  return (
    <div>
      <div className="flex items-center gap-2">
        <h2 className="text-base font-semibold text-slate-900">{role.name}</h2>
        {role.managed ? <Badge>managed</Badge> : <Badge tone="indigo">custom</Badge>}
      </div>
      {role.description && <p className="mt-0.5 text-sm text-slate-500">{role.description}</p>}
    </div>
  );
}
