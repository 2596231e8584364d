import type { ServerAction } from "@/lib/actions/result";

export type TenantUserActions = {
  grant: ServerAction<{ tenant: string; username: string }, { username: string; created: boolean }>;
  revoke: ServerAction<{ tenant: string; username: string }, { username: string }>;
};
