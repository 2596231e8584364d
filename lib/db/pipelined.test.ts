import { describe, expect, it } from "vitest";
import { readScopeTag, routeQuery, scopeSql, scopeTag } from "./client";

// The driver-side half of a tenant-bound statement's round trip (lib/db/client.ts): which queries
// reach the connection, with which steps pipelined in front of them, and which answer waits for
// what. The database side (scope, errors, atomicity, commits) is tests/row-level-security.test.ts.

type Sent = { sql: string; before: string[]; commit: boolean; values: unknown[]; resolve: (v: unknown) => void; reject: (e: unknown) => void };

function connection() {
  const sent: Sent[] = [];
  const client = {};
  const send = (q: { text: string; values?: unknown[] }, before: { text: string; values: unknown[] }[] = [], commit = false) =>
    new Promise((resolve, reject) => {
      sent.push({ sql: q.text, before: before.map((b) => (b.values.length ? `${b.text} [${b.values.join(",")}]` : b.text)), commit, values: q.values ?? [], resolve, reject });
    });
  const query = (sql: string, values: unknown[] = []) => {
    let state: "pending" | "resolved" | "rejected" = "pending";
    let value: unknown;
    routeQuery(client, send, { text: sql, values }).then(
      (v) => ((state = "resolved"), (value = v)),
      (e) => ((state = "rejected"), (value = e)),
    );
    return { state: () => state, value: () => value };
  };
  /** BEGIN and the scope of tenant t-acme, as the ORM opens a tenant-bound transaction. */
  const begin = (scope: string) => {
    query("BEGIN");
    query(scope, ["t-acme"]);
  };
  return { sent, query, begin };
}

/** The `index`th query sent is `sql`, and `q`'s answer waits for the connection's. */
async function expectWaitedFor(c: ReturnType<typeof connection>, index: number, sql: string, q: ReturnType<ReturnType<typeof connection>["query"]>, label?: string) {
  expect(c.sent[index].sql).toBe(sql);
  expect(q.state(), label).toBe("pending");
  c.sent[index].resolve({ command: sql });
  await flush();
  expect(q.state()).toBe("resolved");
}

const flush = () => new Promise((r) => setImmediate(r));
const SCOPE = scopeSql();
const READ_SCOPE = scopeSql(true);

describe("tenant-bound statements on the wire", () => {
  it("a raw statement's scope tag becomes BEGIN, the scope and COMMIT around it, in one pipeline", async () => {
    const c = connection();
    const tag = scopeTag("t-acme")!;
    const q = c.query(`${tag}SELECT "id" FROM "Flow" WHERE "x" = $1`, ["y"]);
    await flush();
    expect(c.sent).toHaveLength(1);
    expect(c.sent[0]).toMatchObject({ sql: 'SELECT "id" FROM "Flow" WHERE "x" = $1', values: ["y"], commit: true, before: ["BEGIN", `${scopeSql()} [t-acme]`] });
    c.sent[0].resolve({ rows: [["f1"]] });
    await flush();
    expect(q.value()).toEqual({ rows: [["f1"]] });
  });

  it("a scope tag names a tenant or is refused, and cannot be carried by an id that would end the comment", () => {
    expect(scopeTag("t-1 */ DROP")).toBeNull();
    expect(scopeTag("")).toBeNull();
    expect(readScopeTag("SELECT 1")).toBeNull();
    expect(() => readScopeTag("/* tenantflow:scope a b */ SELECT 1")).toThrow(/does not name a tenant/);
    expect(() => readScopeTag("/* tenantflow:scope */ SELECT 1")).toThrow(/does not name a tenant/);
    expect(readScopeTag(`${scopeTag("t_2.x")}SELECT 1`)).toEqual({ tenantId: "t_2.x", text: "SELECT 1" });
  });

  it("a tagged statement inside another transaction is refused, not run in the wrong one", async () => {
    const c = connection();
    c.query("BEGIN");
    const q = c.query(`${scopeTag("t-acme")}SELECT 1`);
    await flush();
    expect(q.state()).toBe("rejected");
    expect(c.sent).toHaveLength(0);
  });

  it("a transaction's BEGIN and scope are answered at once and sent in front of its first statement", async () => {
    const c = connection();
    const begin = c.query("BEGIN");
    const scope = c.query(READ_SCOPE, ["t-acme"]);
    await flush();
    expect([begin.state(), scope.state()]).toEqual(["resolved", "resolved"]);
    expect(c.sent).toHaveLength(0);
    const read = c.query('SELECT "id" FROM "Flow"');
    await flush();
    expect(c.sent).toHaveLength(1);
    expect(c.sent[0]).toMatchObject({ sql: 'SELECT "id" FROM "Flow"', before: ["BEGIN", `${READ_SCOPE} [t-acme]`], commit: false });
    expect(read.state()).toBe("pending");
    c.sent[0].resolve({ rows: [] });
    await flush();
    expect(read.state()).toBe("resolved");
    // a single read's COMMIT is written and not waited for
    const commit = c.query("COMMIT");
    await flush();
    expect(c.sent[1].sql).toBe("COMMIT");
    expect(commit.state()).toBe("resolved");
    c.sent[1].reject(new Error("connection lost")); // nobody's unhandled rejection
    await flush();
  });

  it("a write's COMMIT, and a read's that locks rows, calls something with an effect or was not scoped as a read, are waited for", async () => {
    for (const [scope, statement] of [
      [READ_SCOPE, 'UPDATE "Flow" SET "x" = 1'],
      [READ_SCOPE, 'SELECT "id" FROM "Flow" FOR UPDATE'],
      [READ_SCOPE, "SELECT pg_notify('executor', '')"],
      [SCOPE, 'SELECT "id" FROM "Flow"'],
    ]) {
      const c = connection();
      c.begin(scope);
      c.query(statement);
      await flush();
      c.sent[0].resolve({});
      const commit = c.query("COMMIT");
      await flush();
      await expectWaitedFor(c, 1, "COMMIT", commit, statement);
    }
  });

  it("a failed statement answers with its error, and the ROLLBACK that follows is sent and waited for", async () => {
    const c = connection();
    c.begin(READ_SCOPE);
    const read = c.query('SELECT "id" FROM "Flow"');
    await flush();
    c.sent[0].reject(new Error("invalid value for parameter"));
    await flush();
    expect(read.state()).toBe("rejected");
    const rollback = c.query("ROLLBACK");
    await flush();
    await expectWaitedFor(c, 1, "ROLLBACK", rollback);
  });

  it("statements after the first, queries outside a transaction, and a transaction that ran nothing, go as before", async () => {
    const c = connection();
    c.begin(SCOPE);
    c.query('INSERT INTO "Group" VALUES (1)');
    await flush();
    c.sent[0].resolve({});
    const second = c.query('INSERT INTO "GroupMember" VALUES (1)');
    await flush();
    expect(c.sent[1]).toMatchObject({ sql: 'INSERT INTO "GroupMember" VALUES (1)', before: [], commit: false });
    c.sent[1].resolve({ rowCount: 1 });
    await flush();
    expect(second.value()).toEqual({ rowCount: 1 });
    c.query("COMMIT");
    await flush();
    expect(c.sent[2].sql).toBe("COMMIT");
    c.sent[2].resolve({});
    c.query("SELECT 1");
    await flush();
    expect(c.sent[3]).toMatchObject({ sql: "SELECT 1", before: [] });
    // BEGIN and the scope, then COMMIT: nothing reaches the connection
    const d = connection();
    d.begin(SCOPE);
    const commit = d.query("COMMIT");
    await flush();
    expect(commit.state()).toBe("resolved");
    expect(d.sent).toHaveLength(0);
  });
});
