// Client-safe: roles, groups and bindings as the RBAC pages show them. The domain functions and
// the API answer these fields and a few more (creation dates).
import type { Grants } from "../authz/permissions";

export type RoleItem = { id: string; name: string; description: string; permissions: Grants; managed: boolean; version: number };
export type GroupItem = { id: string; name: string; description: string; members: string[] };
/** Exactly one of user and group is set; namespace null means tenant-wide. */
export type BindingItem = { id: string; role: string; user: string | null; group: string | null; namespace: string | null };
export type UserChoice = { username: string; displayName: string };
export type List<T> = { results: T[]; total: number };

/** How many of the tenant's users the pickers offer as suggestions (the API pages at 100). */
export const USER_CHOICES = 100;
