import "server-only";
import { type Paging, skipTake } from "../api/paging";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { forbidden } from "../errors";
import { toEntry } from "./read";

/** The instance audit log (tenants, users, the superadmin flag): superadmins only. */
export async function listInstanceAuditLogs(actor: Actor, paging: Paging) {
  if (!actor.superadmin) throw forbidden("Only a superadmin can read the instance audit log");
  const [rows, total] = await Promise.all([
    db.instanceAuditLog.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...skipTake(paging) }),
    db.instanceAuditLog.count(),
  ]);
  return { results: rows.map(toEntry), total };
}
