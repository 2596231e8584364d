"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { TextInput } from "@/components/ui/field";
import type { UserChoice } from "@/lib/rbac/types";

/**
 * Members of a group: removable chips, and a username box that suggests the tenant's users. When
 * the suggestions hold every user of the tenant, an unknown name is refused before the server does.
 */
export function MemberPicker({
  id,
  members,
  onChange,
  value,
  onValueChange,
  choices,
  complete,
  error,
}: {
  id: string;
  members: string[];
  onChange: (members: string[]) => void;
  /** The name being typed: the form adds it on submit if the user did not press Add. */
  value: string;
  onValueChange: (value: string) => void;
  choices: UserChoice[] | null;
  complete: boolean;
  error?: string;
}) {
  const setValue = onValueChange;
  const [localError, setLocalError] = useState<string | null>(null);
  const names = new Map(choices?.map((u) => [u.username, u.displayName]));
  const shown = localError ?? error;

  function add() {
    const username = value.trim();
    if (!username) return setLocalError("Type a username to add");
    if (members.includes(username)) return setLocalError(`${username} is already a member`);
    if (choices && complete && !names.has(username)) return setLocalError(`${username} is not a user of this tenant`);
    onChange([...members, username].sort());
    setValue("");
    setLocalError(null);
  }

  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium text-slate-700">Members</legend>
      {members.length === 0 ? (
        <p className="text-sm text-slate-500">No members yet.</p>
      ) : (
        <ul aria-label="Members" className="flex flex-wrap gap-1.5">
          {members.map((m) => (
            <li key={m} className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-2.5 text-xs text-slate-700">
              <span title={m}>{names.get(m) ? `${names.get(m)} · ${m}` : m}</span>
              <button
                type="button"
                aria-label={`Remove ${m}`}
                onClick={() => onChange(members.filter((x) => x !== m))}
                className="flex h-4 w-4 items-center justify-center rounded-full text-slate-500 hover:bg-slate-300 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor={id} className="mt-3 mb-1 block text-xs font-medium text-slate-600">
        Add a member
      </label>
      <div className="flex gap-2">
        <TextInput
          id={id}
          list={choices ? `${id}-choices` : undefined}
          value={value}
          placeholder={choices ? "Start typing a username…" : "Username"}
          autoComplete="off"
          aria-invalid={!!shown}
          aria-describedby={shown ? `${id}-error` : undefined}
          onChange={(e) => {
            setValue(e.target.value);
            setLocalError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
        />
        <Button type="button" variant="secondary" onClick={add} className="shrink-0">
          Add
        </Button>
      </div>
      {choices && (
        <datalist id={`${id}-choices`}>
          {choices
            .filter((u) => !members.includes(u.username))
            .map((u) => (
              <option key={u.username} value={u.username}>
                {u.displayName}
              </option>
            ))}
        </datalist>
      )}
      {shown && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-600">
          {shown}
        </p>
      )}
    </fieldset>
  );
}
