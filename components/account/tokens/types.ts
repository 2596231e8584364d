import type { ServerAction } from "@/lib/actions/result";
import type { TokenState } from "@/lib/tokens/schemas";

export type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  state: TokenState;
};

export type TokenActions = {
  create: ServerAction<{ name: string; expiresIn?: string }, Omit<TokenRow, "state"> & { token: string }>;
  revoke: ServerAction<{ id: string }, { id: string; revoked: boolean }>;
};
