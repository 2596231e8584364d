"use client";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { type AppliedDefault, declaredNamespace, type FlowProblem, type NamespaceDefault, validateFlowSource } from "@/lib/flows/validation";
import { namespaceKeys } from "@/lib/query-keys";
import { fetchNamespaceDefaults } from "./api";

const NONE: NamespaceDefault[] = [];

/**
 * The editor's validator: the flow validator with the plugin defaults in force in the namespace the
 * text declares (fetched once per namespace), and what those defaults set on each task. A user who
 * may not read the namespace gets its defaults applied by the server only.
 */
export function useFlowValidation(tenant: string, text: string) {
  const namespace = useMemo(() => declaredNamespace(text), [text]);
  const { data } = useQuery({
    queryKey: namespaceKeys.pluginDefaults(tenant, namespace ?? ""),
    queryFn: ({ signal }) => fetchNamespaceDefaults(tenant, namespace!, signal),
    enabled: !!namespace,
    retry: false,
    staleTime: 30_000,
  });
  const namespaceDefaults = namespace && data ? data : NONE;
  const [applied, setApplied] = useState<AppliedDefault[]>([]);
  const validate = useCallback(
    (source: string): FlowProblem[] => {
      const result = validateFlowSource(source, { namespaceDefaults });
      setApplied(result.defaults ?? []);
      // a valid flow may still carry warnings (a malformed expression): marked, but it saves
      return result.ok ? (result.warnings ?? []) : result.problems;
    },
    [namespaceDefaults],
  );
  return { validate, applied, revalidate: namespaceDefaults };
}
