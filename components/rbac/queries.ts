"use client";
import { useQuery } from "@tanstack/react-query";
import { rbacKeys } from "@/lib/query-keys";
import { type BindingItem, type GroupItem, type List, type RoleItem, USER_CHOICES, type UserChoice } from "@/lib/rbac/types";

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { cache: "no-store" });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return res.json();
}

const api = (tenant: string, path: string) => `/api/v1/${encodeURIComponent(tenant)}/${path}`;

// Each list starts from what the page rendered on the server; `null` means the user may not read it.
export function useRoles(tenant: string, initial: List<RoleItem> | null) {
  return useQuery({
    queryKey: rbacKeys.roles(tenant),
    queryFn: () => getJson<List<RoleItem>>(api(tenant, "roles")),
    initialData: initial ?? undefined,
    enabled: initial !== null,
  });
}

export function useGroups(tenant: string, initial: List<GroupItem> | null) {
  return useQuery({
    queryKey: rbacKeys.groups(tenant),
    queryFn: () => getJson<List<GroupItem>>(api(tenant, "groups")),
    initialData: initial ?? undefined,
    enabled: initial !== null,
  });
}

export function useBindings(tenant: string, initial: List<BindingItem> | null) {
  return useQuery({
    queryKey: rbacKeys.bindings(tenant),
    queryFn: () => getJson<List<BindingItem>>(api(tenant, "bindings")),
    initialData: initial ?? undefined,
    enabled: initial !== null,
  });
}

export function useUserChoices(tenant: string, initial: List<UserChoice> | null) {
  return useQuery({
    queryKey: rbacKeys.userChoices(tenant),
    queryFn: () => getJson<List<UserChoice>>(api(tenant, `users?size=${USER_CHOICES}`)),
    initialData: initial ?? undefined,
    enabled: initial !== null,
  });
}
