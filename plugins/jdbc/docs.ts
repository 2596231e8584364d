import type { DocsByType, TypeDocs } from "../../lib/flows/validation/catalogue/docs/types";
import { DRIVERS, JDBC, type Driver } from "./catalogue";

// The JDBC tasks' documentation, after the orchestrator's JDBC plugins.

const NAME: Record<Driver, string> = { postgresql: "PostgreSQL", mysql: "MySQL", mariadb: "MariaDB", sqlite: "SQLite" };
const URL_OF: Record<Driver, string> = {
  postgresql: "jdbc:postgresql://host:5432/database",
  mysql: "jdbc:mysql://host:3306/database",
  mariadb: "jdbc:mariadb://host:3306/database",
  sqlite: "jdbc:sqlite:my.db",
};

const SHARED = (driver: Driver): Record<string, string> => ({
  url:
    driver === "sqlite"
      ? "The JDBC URL: jdbc:sqlite:<file> for a file of the task's working directory (created when missing; with sqliteFile, a copy of a file of internal storage), or jdbc:sqlite::memory:."
      : `The JDBC URL of the server, such as ${URL_OF[driver]}; user and password may also be given as URL options. The host must be one the instance allows (TENANTFLOW_ALLOWED_HOSTS; private addresses only with TENANTFLOW_HTTP_ALLOW_PRIVATE).`,
  username: "The user to connect as (overrides the URL's).",
  password: "The user's password, usually {{ secret('DB_PASSWORD') }}; never logged.",
  sql: "The SQL to run, rendered with the flow's variables.",
  parameters: "Values bound to the SQL's :name placeholders (a mapping of names to values), sent apart from the SQL text.",
  fetchType:
    "What to do with the rows: FETCH puts them all in the `rows` output, FETCH_ONE the first one in `row`, STORE writes them to an ION file of internal storage (`uri`, one row per line), NONE (the default) keeps nothing. FETCH and FETCH_ONE are bounded by TENANTFLOW_MAX_TASK_OUTPUT_SIZE, STORE by TENANTFLOW_MAX_FILE_SIZE.",
  fetchSize: "Rows fetched per round trip, a hint to the driver (10000); rows are always read one at a time here.",
  timeZoneId: "The time zone of timestamps with a time zone in the outputs (the worker's when not set).",
  afterSQL: "SQL run after the main statement in the same transaction (e.g. to mark fetched rows as processed).",
  fetch: "Deprecated: fetchType FETCH.",
  fetchOne: "Deprecated: fetchType FETCH_ONE.",
  store: "Deprecated: fetchType STORE.",
});
const QUERY = { autoCommit: "Kept for older flows: each Query commits its statement (and afterSQL with it)." };
const QUERIES = { transaction: "Run all the statements in one transaction, rolled back when one fails (true); false commits each statement on its own." };
const OWN: Record<Driver, Record<string, string>> = {
  postgresql: {
    ssl: "Connect with TLS.",
    sslMode: "DISABLE, ALLOW, PREFER, REQUIRE (TLS without checking the certificate), VERIFY_CA or VERIFY_FULL (the certificate is checked against sslRootCert).",
    sslRootCert: "The PEM certificate of the authority the server's certificate is checked against.",
    sslCert: "The PEM client certificate.",
    sslKey: "The PEM client key.",
    sslKeyPassword: "The client key's password.",
  },
  mysql: {},
  mariadb: {},
  sqlite: {
    sqliteFile: "A kestra:/// URI of a SQLite database of internal storage, copied to the url's file name before the query.",
    outputDbFile: "Send the database file back to internal storage after the query: its URI is the `databaseUri` output.",
  },
};

const QUERY_OUTPUTS = " Outputs: `row` (FETCH_ONE), `rows` (FETCH), `uri` (STORE) and `size` (the number of rows fetched or stored).";
const QUERIES_OUTPUTS = " Outputs: `outputs`, one entry per statement that returns rows, each with `row`, `rows`, `uri` and `size` as the Query task's.";

function entry(driver: Driver, kind: "Query" | "Queries"): TypeDocs {
  const type = `${JDBC}.${driver}.${kind}`;
  const creds = driver === "sqlite" ? "" : `\n  username: app\n  password: "{{ secret('DB_PASSWORD') }}"`;
  const example =
    kind === "Query"
      ? `- id: query\n  type: ${type}\n  url: ${URL_OF[driver]}${creds}\n  sql: SELECT id, name FROM customers WHERE country = :country\n  parameters:\n    country: FR\n  fetchType: FETCH`
      : `- id: queries\n  type: ${type}\n  url: ${URL_OF[driver]}${creds}\n  sql: |\n    INSERT INTO audit(event) VALUES ('run');\n    SELECT count(*) AS n FROM audit;\n  fetchType: FETCH_ONE`;
  const description =
    kind === "Query"
      ? `Runs one SQL statement on ${NAME[driver]}.${QUERY_OUTPUTS}`
      : `Runs several SQL statements (separated by ;) on ${NAME[driver]}, in one transaction unless transaction is false.${QUERIES_OUTPUTS}`;
  return { description, properties: { ...SHARED(driver), ...(kind === "Query" ? QUERY : QUERIES), ...OWN[driver] }, example };
}

export const JDBC_TASK_DOCS: DocsByType = Object.fromEntries(
  DRIVERS.flatMap((d) => (["Query", "Queries"] as const).map((k) => [`${JDBC}.${d}.${k}`, entry(d, k)])),
);
