// Client-safe: a user as the instance's user functions answer it (never the password hash).

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
