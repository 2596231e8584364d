import { z } from "zod";
import { bool, dynBool, dynInteger, dynOneOf, kinded, nonEmptyText, oneOf, opt, text } from "../../lib/flows/validation/catalogue/props";
import type { TaskEntry } from "../../lib/flows/validation/catalogue/types";

// io.kestra.plugin.jdbc.{postgresql,mysql,mariadb,sqlite}: Query and Queries, with the properties
// the orchestrator's JDBC plugins share (its AbstractJdbcBaseQuery) and each driver's own.

export const JDBC = "io.kestra.plugin.jdbc";
export const DRIVERS = ["postgresql", "mysql", "mariadb", "sqlite"] as const;
export type Driver = (typeof DRIVERS)[number];
export const FETCH_TYPES = ["STORE", "FETCH", "FETCH_ONE", "NONE"] as const;

const isMap = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
const isExpression = (v: unknown) => typeof v === "string" && /\{\{|\{%/.test(v);

/** `parameters`: a map of names to values bound to the query's `:name` placeholders. */
const parameters = kinded(
  z.unknown().refine((v) => isMap(v) || isExpression(v), { error: "must be a mapping of parameter names to values, or a {{ expression }}" }),
  { kind: "map", dynamic: true },
);

const shared = {
  url: nonEmptyText,
  username: opt(text),
  password: opt(text),
  sql: nonEmptyText,
  parameters: opt(parameters),
  fetchType: opt(dynOneOf(FETCH_TYPES)),
  fetchSize: opt(dynInteger),
  timeZoneId: opt(text),
  afterSQL: opt(text),
  // deprecated in the orchestrator (fetchType), still loaded
  fetch: opt(bool),
  fetchOne: opt(bool),
  store: opt(bool),
};
const queryOnly = { autoCommit: opt(dynBool) };
const queriesOnly = { transaction: opt(dynBool) };

const postgres = {
  ssl: opt(dynBool),
  sslMode: opt(oneOf(["DISABLE", "ALLOW", "PREFER", "REQUIRE", "VERIFY_CA", "VERIFY_FULL"])),
  sslRootCert: opt(text),
  sslCert: opt(text),
  sslKey: opt(text),
  sslKeyPassword: opt(text),
};
const sqlite = { sqliteFile: opt(text), outputDbFile: opt(dynBool) };
const own: Record<Driver, z.ZodRawShape> = { postgresql: postgres, mysql: {}, mariadb: {}, sqlite };

const entry = (driver: Driver, kind: "Query" | "Queries"): TaskEntry => ({
  type: `${JDBC}.${driver}.${kind}`,
  shape: { ...shared, ...(kind === "Query" ? queryOnly : queriesOnly), ...own[driver] },
});

export const JDBC_TASKS: readonly TaskEntry[] = DRIVERS.flatMap((d) => [entry(d, "Query"), entry(d, "Queries")]);

