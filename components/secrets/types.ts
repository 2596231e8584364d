import type { ServerAction } from "@/lib/actions/result";

type Level = { tenant: string; namespace: string | null; key: string };
type Saved = { key: string; description: string; updatedAt: string };
export type SecretActions = {
  create: ServerAction<Level & { value: string; description?: string }, Saved>;
  replace: ServerAction<Level & { value: string; description?: string }, Saved>;
  remove: ServerAction<Level, unknown>;
};
