import { z } from "zod";
import type { Driver } from "./catalogue";

// JDBC URLs as the drivers of the orchestrator's JDBC plugins read them, turned into the options of
// the Node drivers: jdbc:postgresql://host:port/db?user=..&password=..&ssl=..&sslmode=..,
// jdbc:mysql://host:port/db?.., jdbc:mariadb://host:port/db?.., jdbc:sqlite:file.db | :memory:.

export type ServerUrl = {
  kind: "postgresql" | "mysql";
  host: string;
  port: number;
  database: string | null;
  user: string | null;
  password: string | null;
  /** the query string's other options, lower-cased names */
  options: Record<string, string>;
};
export type SqliteUrl = { kind: "sqlite"; file: string | null; options: Record<string, string> };
export type JdbcUrl = ServerUrl | SqliteUrl;

export class JdbcUrlError extends Error {}

const EXAMPLE: Record<Driver, string> = {
  postgresql: "jdbc:postgresql://host:5432/database",
  mysql: "jdbc:mysql://host:3306/database",
  mariadb: "jdbc:mariadb://host:3306/database",
  sqlite: "jdbc:sqlite:file.db",
};
const SCHEMES: Record<Driver, readonly string[]> = {
  postgresql: ["postgresql"],
  mysql: ["mysql"],
  // the MariaDB driver also takes jdbc:mysql URLs
  mariadb: ["mariadb", "mysql"],
  sqlite: ["sqlite"],
};
const DEFAULT_PORT = { postgresql: 5432, mysql: 3306 } as const;

const hostSchema = z
  .string()
  .min(1, "has no host")
  .refine((h) => !h.includes(","), "names several hosts: only one host is supported");
const portSchema = z.coerce.number().int().min(1).max(65535);

/** The URL with its password (user-info or `password` option) replaced, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^/:@?#]*:)[^@/?#]*@/, "$1***@").replace(/([?&;]password=)[^&;#]*/gi, "$1***");
}

/** Parses a JDBC URL for `driver`'s tasks; a clear message when it is not one they take. */
export function parseJdbcUrl(driver: Driver, raw: unknown): JdbcUrl {
  const url = z.string().trim().min(1, `"url" must be a JDBC URL such as ${EXAMPLE[driver]}`).parse(raw);
  const m = /^jdbc:([a-z0-9]+):(.*)$/is.exec(url);
  if (!m || !SCHEMES[driver].includes(m[1].toLowerCase()))
    throw new JdbcUrlError(`"url" must be a JDBC URL of ${SCHEMES[driver].map((s) => `jdbc:${s}:`).join(" or ")} such as ${EXAMPLE[driver]}, not ${redactUrl(url)}`);
  const scheme = m[1].toLowerCase();
  const rest = m[2];
  if (scheme === "sqlite") return parseSqlite(rest);
  const kind = scheme === "postgresql" ? "postgresql" : "mysql";
  // jdbc:postgresql:database and jdbc:postgresql:/ are the local server's
  const full = rest.startsWith("//") ? rest : `//localhost/${rest.replace(/^\//, "")}`;
  let parsed: URL;
  try {
    parsed = new URL(`${scheme === "postgresql" ? "postgres" : "mysql"}:${full}`);
  } catch {
    throw new JdbcUrlError(`"url" is not a valid JDBC URL: ${redactUrl(url)} (expected ${EXAMPLE[driver]})`);
  }
  const hostPart = /^\/\/(?:[^@/?#]*@)?([^/?#]*)/.exec(full)?.[1] ?? "";
  const host = hostSchema.safeParse(hostPart.includes(",") ? hostPart : parsed.hostname.replace(/^\[|\]$/g, ""));
  if (!host.success) throw new JdbcUrlError(`"url" ${host.error.issues[0].message}: ${redactUrl(url)}`);
  const port = parsed.port ? portSchema.safeParse(parsed.port) : { success: true as const, data: DEFAULT_PORT[kind] };
  if (!port.success) throw new JdbcUrlError(`"url" has an invalid port: ${redactUrl(url)}`);
  const options: Record<string, string> = {};
  for (const [k, v] of parsed.searchParams) options[k.toLowerCase()] = v;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || null;
  const user = (parsed.username ? decodeURIComponent(parsed.username) : null) ?? null;
  const password = parsed.password ? decodeURIComponent(parsed.password) : null;
  return {
    kind,
    host: host.data,
    port: port.data,
    database,
    user: user ?? options.user ?? null,
    password: password ?? options.password ?? null,
    options,
  };
}

function parseSqlite(rest: string): SqliteUrl {
  const [pathPart, query = ""] = rest.split("?", 2);
  const options: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) options[k.toLowerCase()] = v;
  let file = pathPart.replace(/^file:/, "");
  if (file === "" || file === ":memory:" || file.startsWith(":resource:")) {
    if (file.startsWith(":resource:")) throw new JdbcUrlError('"url": jdbc:sqlite::resource: URLs are not supported');
    return { kind: "sqlite", file: null, options };
  }
  file = decodeURIComponent(file);
  return { kind: "sqlite", file, options };
}
