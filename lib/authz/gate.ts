import "server-only";
import { sessionValid } from "../auth/sessions";
import { isPostgres } from "../config";
import { Prisma, db } from "../db";
import { TOKEN_PREFIX, hashToken, noteTokenUse } from "../tokens/tokens";
import { type Actor, type Via, userActor } from "./actor";
import type { EffectiveBinding } from "./context";
import { type Grants, parseGrants } from "./permissions";

/**
 * Who a request says it is, before the database has said whether that holds: an API token, a
 * session cookie's user and session version, or a user already known (the CLI and tests name one).
 */
export type Credential =
  | { kind: "token"; token: string }
  | { kind: "session"; userId: string; version: number; via: Via }
  | { kind: "user"; actor: Actor };

export type GateRow = {
  userId: string;
  username: string;
  displayName: string;
  superadmin: unknown;
  canCreateTenant: unknown;
  disabled: unknown;
  sessionVersion: unknown;
  tokenId: string | null;
  expiresAt: unknown;
  revokedAt: unknown;
  lastUsedAt: unknown;
  tenantId: string | null;
  name: string | null;
  description: string | null;
  access: unknown;
  /** JSON: [[namespace or null, 1 when the user's own (0 through a group), role name, grants], …] */
  bindings: string | null;
};

// booleans are 0/1 and counts bigints on SQLite; dates arrive as Date, string or epoch milliseconds
const flag = (v: unknown) => v === true || Number(v) === 1;
const when = (v: unknown) => (v === null || v === undefined ? null : new Date(v instanceof Date ? v : typeof v === "bigint" ? Number(v) : (v as string | number)));

function principalSql(credential: Credential): { columns: Prisma.Sql; from: Prisma.Sql; where: Prisma.Sql } | null {
  const user = Prisma.sql`u."id" AS "userId", u."username", u."displayName", u."superadmin", u."canCreateTenant", u."disabled", u."sessionVersion"`;
  if (credential.kind === "token") {
    if (!credential.token.startsWith(TOKEN_PREFIX)) return null;
    return {
      columns: Prisma.sql`${user}, k."id" AS "tokenId", k."expiresAt", k."revokedAt", k."lastUsedAt"`,
      from: Prisma.sql`"ApiToken" k JOIN "User" u ON u."id" = k."userId"`,
      where: Prisma.sql`k."tokenHash" = ${hashToken(credential.token)}`,
    };
  }
  const userId = credential.kind === "session" ? credential.userId : credential.actor.userId;
  if (!userId) return null;
  return {
    columns: Prisma.sql`${user}, NULL AS "tokenId", NULL AS "expiresAt", NULL AS "revokedAt", NULL AS "lastUsedAt"`,
    from: Prisma.sql`"User" u`,
    where: Prisma.sql`u."id" = ${userId}`,
  };
}

/**
 * The whole gate in one statement, one round trip, one row: the credential's user (and token), the
 * tenant, the user's access to it and every binding that reaches them (directly or through a group)
 * with its role, as one JSON array of [namespace, 1 when the user's own, role name, role grants].
 * No row: the credential names nothing. A row without a tenant: the tenant does not exist or is
 * deleted. Roles are joined by (tenantId, id), so another tenant's role can never count here. The
 * bindings travel as one value rather than a row each: a row carries every column of the user, the
 * token and the tenant again, and the driver's and the ORM's work per row was most of the gate's
 * cost for a user with 20 bindings.
 */
export async function readGate(credential: Credential, tenantId: string): Promise<GateRow[]> {
  const principal = principalSql(credential);
  if (!principal) return [];
  const list = isPostgres()
    ? (rows: Prisma.Sql) => Prisma.sql`(SELECT COALESCE(json_agg(json_build_array("x"."namespace", "x"."own", "x"."roleName", "x"."permissions")), '[]')::text FROM (${rows}) AS "x")`
    : (rows: Prisma.Sql) => Prisma.sql`(SELECT json_group_array(json_array("x"."namespace", "x"."own", "x"."roleName", "x"."permissions")) FROM (${rows}) AS "x")`;
  // Two branches: the user's own bindings, then the bindings of their groups. One branch with
  // `b."userId" = u."id" OR b."groupId" IN (…members…)` made PostgreSQL run the membership
  // subquery once per binding of the tenant.
  const bindings = list(Prisma.sql`
      SELECT b."namespace", 1 AS "own", r."name" AS "roleName", r."permissions" FROM "Binding" b
        JOIN "Role" r ON r."tenantId" = b."tenantId" AND r."id" = b."roleId"
        WHERE b."tenantId" = t."id" AND b."userId" = u."id"
      UNION ALL
      SELECT b."namespace", 0, r."name", r."permissions" FROM "GroupMember" m
        JOIN "Binding" b ON b."tenantId" = m."tenantId" AND b."groupId" = m."groupId"
        JOIN "Role" r ON r."tenantId" = b."tenantId" AND r."id" = b."roleId"
        WHERE m."tenantId" = t."id" AND m."userId" = u."id"`);
  return db.$queryRaw<GateRow[]>`SELECT ${principal.columns},
      t."id" AS "tenantId", t."name", t."description",
      EXISTS (SELECT 1 FROM "TenantAccess" a WHERE a."tenantId" = t."id" AND a."userId" = u."id") AS "access",
      ${bindings} AS "bindings"
    FROM ${principal.from}
    LEFT JOIN "Tenant" t ON t."id" = ${tenantId} AND t."deleted" = ${false}
    WHERE ${principal.where}`;
}

/**
 * The actor a credential proves, from the gate's first row, or null: an unknown, revoked or expired
 * token, a session ended since it was issued, a disabled user. A known user is taken as given.
 */
export async function actorOfGate(credential: Credential, row: GateRow | undefined): Promise<Actor | null> {
  if (credential.kind === "user") return credential.actor;
  if (!row) return null;
  const user = {
    id: row.userId,
    username: row.username,
    displayName: row.displayName,
    superadmin: flag(row.superadmin),
    canCreateTenant: flag(row.canCreateTenant),
  };
  const disabled = flag(row.disabled);
  if (credential.kind === "session") {
    return sessionValid({ disabled, sessionVersion: Number(row.sessionVersion) }, credential.version) ? userActor(user, credential.via) : null;
  }
  const expiresAt = when(row.expiresAt);
  if (row.revokedAt !== null || (expiresAt && expiresAt.getTime() <= Date.now())) return null;
  // a disabled user's tokens stop working with their sessions
  if (disabled || !row.tokenId) return null;
  await noteTokenUse(row.tokenId, when(row.lastUsedAt));
  return userActor(user, "api", row.tokenId);
}

/**
 * A role's grants from their stored text, parsed once per distinct text: every request reads the
 * same few roles, and validating each binding's grants again cost more than the rest of the
 * bindings' handling (20 bindings: about 0.15 ms a request). Keyed by the text itself, so a changed
 * role is a new key, never a stale entry; frozen, as every request shares them.
 */
const grantsByText = new Map<string, Grants>();
const GRANTS_KEPT = 1000;
function grantsOf(text: string): Grants {
  let parsed = grantsByText.get(text);
  if (!parsed) {
    parsed = parseGrants(text);
    for (const actions of Object.values(parsed)) Object.freeze(actions);
    Object.freeze(parsed);
    if (grantsByText.size >= GRANTS_KEPT) grantsByText.clear();
    grantsByText.set(text, parsed);
  }
  return parsed;
}

type BindingEntry = [namespace: string | null, own: number, roleName: string, permissions: string];

/** The bindings of the gate's row (none without a tenant). */
export function bindingsOfGate(row: GateRow): EffectiveBinding[] {
  return (JSON.parse(row.bindings ?? "[]") as BindingEntry[]).map(([namespace, own, roleName, permissions]) => ({
    roleName,
    namespace,
    grants: grantsOf(permissions),
    via: Number(own) === 1 ? ("user" as const) : ("group" as const),
  }));
}
