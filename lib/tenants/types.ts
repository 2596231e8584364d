// Client-safe: tenants and their users as the tenant functions answer them.
import type { SecretConfig, StorageConfig } from "../backends/config";

export type TenantRow = {
  id: string;
  name: string;
  description: string;
  deleted: boolean;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** the tenant's dedicated backends; null: the instance default */
  storage: StorageConfig | null;
  secrets: SecretConfig | null;
  /** the default worker group of its tasks; null: the instance's default group */
  workerGroup: string | null;
  /** executions of the tenant that may run at once; null: no limit */
  concurrencyLimit: number | null;
  /** the tenant's share of the engine's turns against other tenants with work */
  weight: number;
};

/** A user with access to the tenant, with the roles and groups they hold there. */
export type TenantUserRow = {
  username: string;
  displayName: string;
  roles: { role: string; namespace: string | null }[];
  groups: string[];
};
