import { describe, expect, it } from "vitest";
import { validateFlowSource } from "../../lib/flows/validation";
import { JDBC_TASK_DOCS } from "./docs";
import { parseJdbcUrl, redactUrl } from "./url";

// The validator knows the JDBC types of the four drivers; URLs are parsed into driver options.

const flow = (task: string) => `id: jdbc\nnamespace: company.team\ntasks:\n  - id: q\n${task.replace(/^/gm, "    ")}\n`;
const problems = (source: string) => {
  const result = validateFlowSource(source);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
};

describe("JDBC task validation", () => {
  it.each([
    "type: io.kestra.plugin.jdbc.postgresql.Query\nurl: jdbc:postgresql://127.0.0.1:56982/\nusername: pg_user\npassword: pg_password\nsql: select 1\nfetchType: FETCH",
    "type: io.kestra.plugin.jdbc.postgresql.Query\nurl: jdbc:postgresql://db/x\nsql: select 1\nfetch: true\nssl: true\nsslMode: REQUIRE\nautoCommit: false\nafterSQL: update t set done = true",
    "type: io.kestra.plugin.jdbc.postgresql.Queries\nurl: \"jdbc:postgresql://{{ secret('POSTGRES_HOST') }}:5432/postgres\"\nsql: |\n  SELECT 1;\n  SELECT 2;\nfetchType: NONE\ntransaction: false",
    "type: io.kestra.plugin.jdbc.mysql.Query\nurl: jdbc:mysql://db:3306/x\nsql: select :a\nparameters:\n  a: 1\nfetchType: STORE\nfetchSize: 1000\ntimeZoneId: Europe/Paris",
    "type: io.kestra.plugin.jdbc.mariadb.Queries\nurl: jdbc:mariadb://db:3306/x\nsql: select 1\nstore: true",
    "type: io.kestra.plugin.jdbc.sqlite.Query\nurl: jdbc:sqlite:myfile.db\nsqliteFile: \"{{ outputs.get.outputFiles['myfile.sqlite'] }}\"\nsql: select 1\nfetchOne: true\noutputDbFile: true",
  ])("accepts %s", (task) => {
    expect(problems(flow(task))).toEqual([]);
  });

  it.each([
    ["type: io.kestra.plugin.jdbc.postgresql.Query\nsql: select 1", 'missing required property "url"'],
    ["type: io.kestra.plugin.jdbc.postgresql.Query\nurl: jdbc:postgresql://db/x\nsql: select 1\nfetchType: ALL", "tasks[0].fetchType"],
    ["type: io.kestra.plugin.jdbc.postgresql.Query\nurl: jdbc:postgresql://db/x\nsql: select 1\ntransaction: false", 'unknown property "transaction"'],
    ["type: io.kestra.plugin.jdbc.mysql.Query\nurl: jdbc:mysql://db/x\nsql: select 1\nsslMode: REQUIRE", 'unknown property "sslMode"'],
    ["type: io.kestra.plugin.jdbc.postgresql.Querys\nurl: jdbc:postgresql://db/x\nsql: select 1", "tasks[0].type"],
  ])("refuses %s", (task, expected) => {
    const found = problems(flow(task));
    expect(found, found.join("\n")).toEqual([expect.stringContaining(expected)]);
  });

  it("documents every type with an example that validates", () => {
    expect(Object.keys(JDBC_TASK_DOCS)).toHaveLength(8);
    for (const [type, docs] of Object.entries(JDBC_TASK_DOCS)) {
      expect(docs.example, type).toContain(`type: ${type}`);
      expect(problems(`id: jdbc\nnamespace: company.team\ntasks:\n${docs.example.replace(/^/gm, "  ")}\n`), type).toEqual([]);
    }
  });
});

describe("JDBC URLs", () => {
  it("reads host, port, database, user, password and options", () => {
    expect(parseJdbcUrl("postgresql", "jdbc:postgresql://db.example.com:6543/sales?user=u&password=p&sslmode=require")).toEqual({
      kind: "postgresql", host: "db.example.com", port: 6543, database: "sales", user: "u", password: "p", options: { user: "u", password: "p", sslmode: "require" },
    });
    expect(parseJdbcUrl("postgresql", "jdbc:postgresql://[::1]/x")).toMatchObject({ host: "::1", port: 5432, database: "x" });
    expect(parseJdbcUrl("postgresql", "jdbc:postgresql://127.0.0.1:56982/")).toMatchObject({ host: "127.0.0.1", port: 56982, database: null });
    expect(parseJdbcUrl("mariadb", "jdbc:mysql://me:secret@db/app")).toMatchObject({ kind: "mysql", host: "db", port: 3306, user: "me", password: "secret" });
    expect(parseJdbcUrl("sqlite", "jdbc:sqlite:data/my.db")).toEqual({ kind: "sqlite", file: "data/my.db", options: {} });
    expect(parseJdbcUrl("sqlite", "jdbc:sqlite::memory:")).toEqual({ kind: "sqlite", file: null, options: {} });
  });

  it("refuses another driver's URL, several hosts and a bad port, with the password hidden", () => {
    expect(() => parseJdbcUrl("mysql", "jdbc:mariadb://db/x")).toThrow("must be a JDBC URL of jdbc:mysql: such as jdbc:mysql://host:3306/database");
    expect(() => parseJdbcUrl("postgresql", "jdbc:postgresql://h1,h2/x")).toThrow(/only one host/);
    expect(() => parseJdbcUrl("postgresql", "jdbc:postgresql://h:99999/x?password=hunter22")).toThrow(/not a valid JDBC URL/);
    expect(() => parseJdbcUrl("postgresql", "jdbc:postgresql://h:99999/x?password=hunter22")).not.toThrow(/hunter22/);
    expect(redactUrl("jdbc:mysql://me:secret@db/app?password=other&x=1")).toBe("jdbc:mysql://me:***@db/app?password=***&x=1");
  });
});
