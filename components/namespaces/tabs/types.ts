import type { TenantContext } from "@/lib/authz/context";

/** What the namespace page hands each of its tabs (server components). */
export type NamespaceTabProps = { ctx: TenantContext; namespace: string; explicit: boolean };
