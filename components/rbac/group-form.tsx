"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { splitErrors } from "@/lib/actions/client";
import type { ActionResult } from "@/lib/actions/result";
import { rbacKeys } from "@/lib/query-keys";
import { ErrorSummary } from "./error-summary";
import { MemberPicker } from "./member-picker";
import type { GroupItem, UserChoice } from "@/lib/rbac/types";
import { useAction } from "@/lib/actions/use-action";

export type GroupDraft = { name: string; description: string; members: string[] };
export type GroupActions = {
  create: (input: GroupDraft & { tenant: string }) => Promise<ActionResult<GroupItem>>;
  update: (input: GroupDraft & { tenant: string; id: string }) => Promise<ActionResult<GroupItem>>;
  remove: (input: { tenant: string; id: string }) => Promise<ActionResult<{ id: string }>>;
};
const FIELDS = ["name", "description", "members"] as const;

/** Creates a group, or renames it and edits its members (the member list is saved as a whole). */
export function GroupForm({
  tenant,
  group,
  actions,
  choices,
  onDone,
  onCancel,
}: {
  tenant: string;
  /** The group to edit; a new one otherwise. */
  group?: GroupItem;
  actions: GroupActions;
  choices: { users: UserChoice[]; complete: boolean } | null;
  onDone: (group: GroupItem) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<GroupDraft>({
    name: group?.name ?? "",
    description: group?.description ?? "",
    members: group?.members ?? [],
  });
  const [typed, setTyped] = useState("");
  // a name left in "Add a member" is neither added nor dropped silently: Save asks to add or clear it
  const [pendingError, setPendingError] = useState<string | null>(null);
  const invalidate = [rbacKeys.groups(tenant), rbacKeys.bindings(tenant)];
  const create = useAction(actions.create, { invalidate, onSuccess: onDone });
  const update = useAction(actions.update, { invalidate, onSuccess: onDone });
  const save = group ? update : create;
  const { fields, rest } = splitErrors(save.error, FIELDS);
  const prefix = group ? `group-${group.id}` : "new-group";

  return (
    <form
      noValidate
      aria-label={group ? `Edit group ${group.name}` : "New group"}
      onSubmit={(e) => {
        e.preventDefault();
        const pending = typed.trim();
        if (pending && !draft.members.includes(pending)) {
          setPendingError(`${pending} is not a member yet: press Add to add them, or clear the field`);
          document.getElementById(`${prefix}-add-member`)?.focus();
          return;
        }
        setPendingError(null);
        if (group) update.run({ tenant, id: group.id, ...draft });
        else create.run({ tenant, ...draft });
      }}
      className="space-y-4"
    >
      <h2 className="text-base font-semibold text-slate-900">{group ? `Edit ${group.name}` : "New group"}</h2>
      <ErrorSummary error={save.error} rest={rest} />
      <div className="grid gap-4 sm:grid-cols-[minmax(0,16rem)_minmax(0,1fr)]">
        <Field label="Name" htmlFor={`${prefix}-name`} error={fields.name}>
          <TextInput
            id={`${prefix}-name`}
            value={draft.name}
            autoFocus
            maxLength={100}
            aria-invalid={!!fields.name}
            aria-describedby={fields.name ? `${prefix}-name-error` : undefined}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
        </Field>
        <Field label="Description" htmlFor={`${prefix}-description`} error={fields.description}>
          <TextInput
            id={`${prefix}-description`}
            value={draft.description}
            maxLength={500}
            aria-invalid={!!fields.description}
            onChange={(e) => setDraft({ ...draft, description: e.target.value })}
          />
        </Field>
      </div>
      <MemberPicker
        id={`${prefix}-add-member`}
        members={draft.members}
        onChange={(members) => setDraft({ ...draft, members })}
        value={typed}
        onValueChange={(v) => {
          setTyped(v);
          setPendingError(null);
        }}
        choices={choices?.users ?? null}
        complete={choices?.complete ?? false}
        error={pendingError ?? fields.members}
      />
      <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
        <Button type="button" variant="secondary" onClick={onCancel} disabled={save.pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={save.pending}>
          {save.pending ? "Saving…" : group ? "Save group" : "Create group"}
        </Button>
      </div>
    </form>
  );
}
