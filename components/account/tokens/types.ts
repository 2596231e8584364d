import type { ServerAction } from "@/lib/actions/result";
import type { TokenRow } from "@/lib/tokens/types";

export type TokenActions = {
  create: ServerAction<{ name: string; expiresIn?: string }, Omit<TokenRow, "state"> & { token: string }>;
  revoke: ServerAction<{ id: string }, { id: string; revoked: boolean }>;
};
