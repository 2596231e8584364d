import type { Actor } from "../authz/actor";
import type { Tx } from "../db";
import { boundChange } from "./bounded";
import type { InstanceAuditAction, InstanceAuditType, TenantAuditAction, TenantAuditType } from "./kinds";

export type AuditEntry<A extends string = TenantAuditAction, T extends string = TenantAuditType> = {
  action: A;
  resourceType: T;
  resourceId: string;
  namespace?: string | null;
  before?: unknown;
  after?: unknown;
};

export const MASK = "******";
const ALWAYS_SENSITIVE = new Set(["password", "passwordHash", "tokenHash", "token", "ciphertext", "secretKey"]);

/** Replaces secret material with a mask; for SECRET resources the `value` too. */
export function maskSecrets(value: unknown, resourceType: string): unknown {
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, resourceType));
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const sensitive = ALWAYS_SENSITIVE.has(k) || (resourceType === "SECRET" && k === "value");
      out[k] = sensitive ? MASK : maskSecrets(v, resourceType);
    }
    return out;
  }
  return value;
}

const serialize = (v: unknown, resourceType: string) =>
  v === undefined || v === null ? null : JSON.stringify(maskSecrets(v, resourceType));

/** Writes a tenant audit entry inside the mutation's own transaction; long texts are bounded. */
export async function audit(tx: Tx, actor: Actor, tenantId: string, e: AuditEntry) {
  const { before, after } = boundChange(e.before, e.after);
  await tx.auditLog.create({
    data: {
      tenantId,
      actorId: actor.userId,
      actorName: actor.username,
      tokenId: actor.tokenId ?? null,
      via: actor.via,
      action: e.action,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      namespace: e.namespace ?? null,
      before: serialize(before, e.resourceType),
      after: serialize(after, e.resourceType),
    },
  });
}

/** Writes an instance audit entry (tenants, users, the superadmin flag, TENANT:CREATE grants). */
export async function auditInstance(tx: Tx, actor: Actor, e: Omit<AuditEntry<InstanceAuditAction, InstanceAuditType>, "namespace">) {
  const { before, after } = boundChange(e.before, e.after);
  await tx.instanceAuditLog.create({
    data: {
      actorId: actor.userId,
      actorName: actor.username,
      via: actor.via,
      action: e.action,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      before: serialize(before, e.resourceType),
      after: serialize(after, e.resourceType),
    },
  });
}
