// Client-safe: an API token as the token functions answer it (never its secret part after creation).
import type { TokenState } from "./schemas";

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
