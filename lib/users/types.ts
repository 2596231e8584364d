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

/** One user on the instance user page: where they have access and what, tokens and sign-ins. */
export type InstanceUserDetail = InstanceUserRow & {
  lastSignInAt: Date | null;
  sessionsEndedAt: Date | null;
  tokens: { active: number; total: number };
  tenants: {
    id: string;
    name: string;
    deleted: boolean;
    /** null: no tenant-access record (multi-tenancy off, or bindings left without access) */
    accessSince: Date | null;
    roles: { role: string; namespace: string | null; via: string | null }[];
  }[];
};
