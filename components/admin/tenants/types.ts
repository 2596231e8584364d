import type { ServerAction } from "@/lib/actions/result";
import type { SecretConfig, StorageConfig } from "@/lib/backends/config";
import type { TenantInput } from "@/lib/tenants/schemas";
import type { TenantRow } from "@/lib/tenants/types";

/** The page's server actions, handed to the client components as props. */
export type TenantActions = {
  create: ServerAction<TenantInput, TenantRow>;
  update: ServerAction<
    {
      id: string;
      name: string;
      description: string;
      storage?: StorageConfig | null;
      secrets?: SecretConfig | null;
      workerGroup?: string | null;
      concurrencyLimit?: number | null;
      weight?: number;
    },
    TenantRow
  >;
  remove: ServerAction<{ id: string }, TenantRow>;
  restore: ServerAction<{ id: string }, TenantRow>;
  addAdmin: ServerAction<{ id: string; username: string }, { tenant: string; username: string; role: string }>;
};
