"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { splitErrors } from "@/lib/actions/client";
import { rbacKeys } from "@/lib/query-keys";
import { ErrorSummary } from "./error-summary";
import { ROLE_FIELDS, type RoleDraft, RoleFields } from "./role-fields";
import type { RoleActions } from "./roles-admin";
import type { RoleItem } from "@/lib/rbac/types";
import { useAction } from "@/lib/actions/use-action";

export function RoleCreateForm({
  tenant,
  template,
  create,
  onCreated,
  onCancel,
}: {
  tenant: string;
  /** A role to start from ("Duplicate"); blank otherwise. */
  template?: RoleItem;
  create: RoleActions["create"];
  onCreated: (role: RoleItem) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<RoleDraft>(
    template
      ? { name: `${template.name} copy`, description: template.description, permissions: template.permissions }
      : { name: "", description: "", permissions: {} },
  );
  const save = useAction(create, { invalidate: [rbacKeys.roles(tenant)], onSuccess: onCreated });
  const { fields, rest } = splitErrors(save.error, ROLE_FIELDS);
  return (
    <form
      noValidate
      aria-labelledby="new-role-title"
      onSubmit={(e) => {
        e.preventDefault();
        save.run({ tenant, ...draft });
      }}
      className="space-y-5"
    >
      <div>
        <h2 id="new-role-title" className="text-base font-semibold text-slate-900">
          New custom role
        </h2>
        <p className="mt-0.5 text-sm text-slate-500">
          {template ? `Starting from the permissions of ${template.name}.` : "Tick what the role allows; bind it to users or groups afterwards."}
        </p>
      </div>
      <ErrorSummary error={save.error} rest={rest} />
      <RoleFields idPrefix="new-role" draft={draft} onChange={setDraft} errors={fields} autoFocus />
      <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
        <Button type="button" variant="secondary" onClick={onCancel} disabled={save.pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={save.pending}>
          {save.pending ? "Creating…" : "Create role"}
        </Button>
      </div>
    </form>
  );
}
