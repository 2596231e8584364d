import type { ServerAction } from "@/lib/actions/result";

export type InstanceUserRow = {
  id: string;
  username: string;
  displayName: string;
  superadmin: boolean;
  canCreateTenant: boolean;
  serviceAccount: boolean;
  disabled: boolean;
  createdAt: Date;
};

export type NewUser = { username: string; displayName: string; password: string };
export type FlagChange = { username: string; value: boolean };

export type InstanceUserActions = {
  create: ServerAction<NewUser, InstanceUserRow>;
  setSuperadmin: ServerAction<FlagChange, InstanceUserRow>;
  setCanCreateTenant: ServerAction<FlagChange, InstanceUserRow>;
  setDisabled: ServerAction<FlagChange, InstanceUserRow>;
};
