import type { ServerAction } from "@/lib/actions/result";
import type { InstanceUserRow } from "@/lib/users/types";

export type NewUser = { username: string; displayName: string; password: string };
export type FlagChange = { username: string; value: boolean };

export type InstanceUserActions = {
  create: ServerAction<NewUser, InstanceUserRow>;
  setSuperadmin: ServerAction<FlagChange, InstanceUserRow>;
  setCanCreateTenant: ServerAction<FlagChange, InstanceUserRow>;
  setDisabled: ServerAction<FlagChange, InstanceUserRow>;
};

export type InstanceUserPageActions = {
  resetPassword: ServerAction<{ username: string }, { username: string; sessionsEnded: true; password?: string }>;
  endSessions: ServerAction<{ username: string }, { username: string; sessionsEndedAt: Date }>;
  setDisabled: ServerAction<FlagChange, InstanceUserRow>;
};
