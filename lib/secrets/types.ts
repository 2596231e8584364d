// Client-safe: what the secret functions and the API answer (keys, descriptions and dates; never a value).

export type InheritedFrom = { level: "namespace"; namespace: string } | { level: "tenant" };
export type SecretItem = {
  key: string;
  description: string;
  createdAt: string | null;
  updatedAt: string | null;
  backend: "internal" | "env";
  /** set on a secret read from an ancestor level, absent on the level's own */
  inheritedFrom?: InheritedFrom;
};
export type SecretList = { results: SecretItem[]; total: number };
/** Where a level's secrets are kept; environment secrets are read-only. */
export type SecretBackendInfo = { type: "internal" | "env"; prefix?: string; readOnly: boolean };
