import type { Grants } from "@/lib/authz/permissions";

// What the RBAC pages show; the domain functions and the API answer supersets of these.
export type RoleItem = { id: string; name: string; description: string; permissions: Grants; managed: boolean; version: number };
export type GroupItem = { id: string; name: string; description: string; members: string[] };
export type BindingItem = { id: string; role: string; user: string | null; group: string | null; namespace: string | null };
export type UserChoice = { username: string; displayName: string };
export type List<T> = { results: T[]; total: number };

/** How many of the tenant's users the pickers offer as suggestions (the API pages at 100). */
export const USER_CHOICES = 100;
