"use client";
import { Field, TextInput } from "@/components/ui/field";
import type { Grants } from "@/lib/authz/permissions";
import { PermissionMatrix } from "./permission-matrix";

export type RoleDraft = { name: string; description: string; permissions: Grants };
export const ROLE_FIELDS = ["name", "description", "permissions"] as const;
type FieldErrors = Partial<Record<(typeof ROLE_FIELDS)[number], string>>;

/** Name, description and the permission matrix of a role being created or edited. */
export function RoleFields({
  idPrefix,
  draft,
  onChange,
  errors,
  readOnly = false,
  autoFocus = false,
}: {
  idPrefix: string;
  draft: RoleDraft;
  onChange: (next: RoleDraft) => void;
  errors: FieldErrors;
  readOnly?: boolean;
  autoFocus?: boolean;
}) {
  const id = (f: string) => `${idPrefix}-${f}`;
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-[minmax(0,16rem)_minmax(0,1fr)]">
        <Field label="Name" htmlFor={id("name")} error={errors.name} hint="Letters, digits, spaces, . _ and -">
          <TextInput
            id={id("name")}
            value={draft.name}
            readOnly={readOnly}
            autoFocus={autoFocus}
            maxLength={100}
            aria-invalid={!!errors.name}
            aria-describedby={errors.name ? `${id("name")}-error` : undefined}
            onChange={(e) => onChange({ ...draft, name: e.target.value })}
          />
        </Field>
        <Field label="Description" htmlFor={id("description")} error={errors.description}>
          <TextInput
            id={id("description")}
            value={draft.description}
            readOnly={readOnly}
            maxLength={500}
            aria-invalid={!!errors.description}
            aria-describedby={errors.description ? `${id("description")}-error` : undefined}
            onChange={(e) => onChange({ ...draft, description: e.target.value })}
          />
        </Field>
      </div>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">Permissions</legend>
        <PermissionMatrix
          value={draft.permissions}
          disabled={readOnly}
          onChange={(permissions) => onChange({ ...draft, permissions })}
          describedBy={errors.permissions ? `${id("permissions")}-error` : undefined}
        />
        {errors.permissions && (
          <p id={`${id("permissions")}-error`} className="mt-1 text-sm text-red-600">
            {errors.permissions}
          </p>
        )}
      </fieldset>
    </div>
  );
}
