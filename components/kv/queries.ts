"use client";
import { useQuery } from "@tanstack/react-query";
import { KV_PAGE_SIZE, type KvEntryView, type KvPage } from "@/lib/kv/types";
import { kvKeys } from "@/lib/query-keys";

const base = (tenant: string, namespace: string) =>
  `/api/v1/${encodeURIComponent(tenant)}/namespaces/${encodeURIComponent(namespace)}/kv`;

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { cache: "no-store" });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return res.json();
}

/** One page of a namespace's entries, inherited ones included; page 1 starts from the server's render. */
export function useKvList(tenant: string, namespace: string, page: number, initial: KvPage) {
  return useQuery({
    queryKey: kvKeys.list(tenant, namespace, page),
    queryFn: () => getJson<KvPage>(`${base(tenant, namespace)}?inherited=true&page=${page}&size=${KV_PAGE_SIZE}`),
    initialData: page === 1 ? initial : undefined,
    placeholderData: (previous) => previous,
  });
}

export const fetchKvEntry = (tenant: string, namespace: string, key: string) =>
  getJson<KvEntryView>(`${base(tenant, namespace)}/${encodeURIComponent(key)}?inherited=false`);

/** The namespace's own entry with its whole value, for editing. */
export function useKvEntry(tenant: string, namespace: string, key: string | null) {
  return useQuery({
    queryKey: kvKeys.detail(tenant, namespace, key ?? ""),
    queryFn: () => fetchKvEntry(tenant, namespace, key!),
    enabled: key !== null,
    staleTime: 0,
  });
}
