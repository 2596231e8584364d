"use client";
import { useQuery } from "@tanstack/react-query";
import { secretKeys } from "@/lib/query-keys";
import type { SecretList } from "@/lib/secrets/types";

const listUrl = (tenant: string, namespace: string | null) =>
  namespace === null
    ? `/api/v1/${encodeURIComponent(tenant)}/secrets`
    : `/api/v1/${encodeURIComponent(tenant)}/namespaces/${encodeURIComponent(namespace)}/secrets`;

/** Every page of the list (the API pages by 100 at most). */
async function fetchAll(tenant: string, namespace: string | null): Promise<SecretList> {
  const results: SecretList["results"] = [];
  for (let page = 1; ; page++) {
    const res = await fetch(`${listUrl(tenant, namespace)}?page=${page}&size=100`, { cache: "no-store" });
    if (!res.ok) throw new Error(`Could not load the secrets (${res.status})`);
    const body = (await res.json()) as SecretList;
    results.push(...body.results);
    if (body.results.length === 0 || results.length >= body.total) return { results, total: body.total };
  }
}

/** The secrets of a level, starting from what the page rendered on the server. */
export function useSecrets(tenant: string, namespace: string | null, initial: SecretList) {
  return useQuery({ queryKey: secretKeys.list(tenant, namespace), queryFn: () => fetchAll(tenant, namespace), initialData: initial });
}
