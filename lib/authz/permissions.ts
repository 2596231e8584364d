import { z } from "zod";

export const PERMISSIONS = [
  "FLOW",
  "EXECUTION",
  "NAMESPACE",
  "SECRET",
  "KVSTORE",
  "USER",
  "GROUP",
  "ROLE",
  "BINDING",
  "AUDITLOG",
  "SETTING",
] as const;
export const ACTIONS = ["CREATE", "READ", "UPDATE", "DELETE"] as const;

export type Permission = (typeof PERMISSIONS)[number];
export type Action = (typeof ACTIONS)[number];
/** A role's grants: permission -> actions. */
export type Grants = Partial<Record<Permission, Action[]>>;

/** Permissions whose resources live in a namespace; a namespace binding can grant only these. */
export const NAMESPACED_PERMISSIONS: readonly Permission[] = [
  "FLOW",
  "EXECUTION",
  "NAMESPACE",
  "SECRET",
  "KVSTORE",
  "AUDITLOG",
];

export const grantsSchema = z
  .partialRecord(z.enum(PERMISSIONS), z.array(z.enum(ACTIONS)))
  .transform((g) => {
    const out: Grants = {};
    for (const p of PERMISSIONS) {
      const actions = g[p];
      if (actions?.length) out[p] = ACTIONS.filter((a) => actions.includes(a));
    }
    return out;
  });

const CRUD: Action[] = ["CREATE", "READ", "UPDATE", "DELETE"];
const CRU: Action[] = ["CREATE", "READ", "UPDATE"];
const R: Action[] = ["READ"];

/** SPEC §4: the managed roles every tenant is created with. */
export const MANAGED_ROLES: Record<string, { description: string; grants: Grants }> = {
  Admin: {
    description: "Every tenant permission, every action",
    grants: Object.fromEntries(PERMISSIONS.map((p) => [p, CRUD])) as Grants,
  },
  Developer: {
    description: "Builds flows: flows, executions, KV and secrets; manages namespaces",
    grants: { FLOW: CRUD, EXECUTION: CRUD, KVSTORE: CRUD, SECRET: CRUD, NAMESPACE: CRU, AUDITLOG: R },
  },
  Editor: {
    description: "Edits flows, executions and KV; reads namespaces and secrets",
    grants: { FLOW: CRU, EXECUTION: CRU, KVSTORE: CRU, NAMESPACE: R, SECRET: R },
  },
  Launcher: {
    description: "Reads flows and namespaces; starts executions",
    grants: { FLOW: R, NAMESPACE: R, EXECUTION: ["CREATE", "READ"] },
  },
  Viewer: {
    description: "Reads flows, executions, namespaces and KV",
    grants: { FLOW: R, EXECUTION: R, NAMESPACE: R, KVSTORE: R },
  },
};

export const MANAGED_ROLE_NAMES = Object.keys(MANAGED_ROLES);

/** Parses a stored grants JSON; anything unknown is dropped (refused, never allowed). */
export function parseGrants(json: string): Grants {
  try {
    const parsed = grantsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function grants(g: Grants, permission: Permission, action: Action): boolean {
  return g[permission]?.includes(action) ?? false;
}
