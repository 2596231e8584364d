import type { ServerAction } from "@/lib/actions/result";

export type InheritedFrom = { level: "namespace"; namespace: string } | { level: "tenant" };
export type SecretRow = {
  key: string;
  description: string;
  createdAt: string | null;
  updatedAt: string | null;
  backend: "internal" | "env";
  inheritedFrom?: InheritedFrom;
};
export type SecretList = { results: SecretRow[]; total: number };
export type SecretBackendInfo = { type: "internal" | "env"; prefix?: string; readOnly: boolean };
export type SecretAbilities = { create: boolean; update: boolean; delete: boolean };

type Level = { tenant: string; namespace: string | null; key: string };
type Saved = { key: string; description: string; updatedAt: string };
export type SecretActions = {
  create: ServerAction<Level & { value: string; description?: string }, Saved>;
  replace: ServerAction<Level & { value: string; description?: string }, Saved>;
  remove: ServerAction<Level, unknown>;
};
