import "server-only";
import { type Paging, skipTake } from "../api/paging";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { forbidden } from "../errors";
import { type AuditFilters, commonWhere, toEntry } from "./read";

/** The instance audit log (tenants, users, tokens, the superadmin flag), filtered like a tenant's: superadmins only. */
export async function listInstanceAuditLogs(actor: Actor, filters: AuditFilters, paging: Paging) {
  if (!actor.superadmin) throw forbidden("Only a superadmin can read the instance audit log");
  const where = { AND: commonWhere(filters) };
  const [rows, total] = await Promise.all([
    db.instanceAuditLog.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...skipTake(paging) }),
    db.instanceAuditLog.count({ where }),
  ]);
  return { results: rows.map(toEntry), total };
}
