import type { ServerAction } from "@/lib/actions/result";

export type TenantUserRow = {
  username: string;
  displayName: string;
  roles: { role: string; namespace: string | null }[];
  groups: string[];
};

export type TenantUserActions = {
  grant: ServerAction<{ tenant: string; username: string }, { username: string; created: boolean }>;
  revoke: ServerAction<{ tenant: string; username: string }, { username: string }>;
};
