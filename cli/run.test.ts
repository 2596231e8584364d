import { describe, expect, it } from "vitest";
import { checkCredentials } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { userForToken } from "@/lib/tokens/tokens";
import { uniq } from "@/tests/helpers";
import { cli } from "@/tests/cli";

describe("tenantflow users create / tokens create", () => {
  it("creates a user who can sign in, and a token that authenticates as them", async () => {
    const name = `${uniq("cli")}@example.com`;
    const created = await cli("users", "create", name, "--password", "pass-word-1");
    expect(created).toMatchObject({ code: 0, err: "" });
    expect(created.out).toBe(`created user ${name}`);
    expect(await checkCredentials(name, "pass-word-1")).not.toBeNull();

    const token = await cli("tokens", "create", name, "--name", "ci", "--expires-in", "30d");
    expect(token.code).toBe(0);
    const plain = token.out.split("\n")[1];
    expect(plain).toMatch(/^tf_[A-Za-z0-9_-]{43}$/);
    expect((await userForToken(plain))?.user.username).toBe(name);
    const row = await db.apiToken.findFirstOrThrow({ where: { user: { username: name } } });
    expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });

  it("generates and prints a password when none is given", async () => {
    const name = `${uniq("cli")}@example.com`;
    const r = await cli("users", "create", name, "--superadmin");
    expect(r.code).toBe(0);
    const password = /password: (\S+)/.exec(r.out)?.[1];
    expect(await checkCredentials(name, password!)).not.toBeNull();
    expect(r.out).toContain("(superadmin)");
    expect(r.out).toContain("granted access to tenant main with the Admin role");
  });

  it.each([
    [["users", "create"], 2, "users create takes exactly one USER"],
    [["users", "create", "a@b.c", "--bogus"], 2, "Unknown option '--bogus'"],
    [["users", "create", "bad user", "--password", "long-enough"], 1, "username may contain"],
    [["users", "create", "x@y.z", "--password", "short"], 1, "password must be at least 8 characters"],
    [["tokens", "create", "nobody@example.com", "--name", "x"], 2, "user nobody@example.com not found"],
    [["tokens", "create", "admin"], 2, "tokens create needs --name"],
    [["frobnicate"], 2, 'unknown command "frobnicate"'],
  ])("%j exits %i with one line on stderr", async (argv, code, message) => {
    const r = await cli(...(argv as string[]));
    expect(r.code).toBe(code);
    expect(r.err).toContain(message);
    expect(r.err.split("\n")).toHaveLength(1);
    expect(r.out).toBe("");
  });

  it("refuses a duplicate user and writes nothing", async () => {
    const name = `${uniq("cli")}@example.com`;
    await cli("users", "create", name, "--password", "pass-word-1");
    const r = await cli("users", "create", name, "--password", "pass-word-2");
    expect(r).toMatchObject({ code: 1, err: `error: User ${name} already exists` });
    expect(await db.user.count({ where: { username: name } })).toBe(1);
    expect(await checkCredentials(name, "pass-word-1")).not.toBeNull();
  });
});

describe("commands loaded on use", () => {
  it("names exactly the commands of each module", async () => {
    const { LAZY_COMMANDS } = await import("./run");
    const modules = [
      (await import("./tenants")).tenantCommands,
      (await import("./flows")).flowCommands,
      (await import("./executions")).executionCommands,
      (await import("./triggers")).triggerCommands,
      (await import("./roles")).roleCommands,
      (await import("./worker-groups")).workerGroupCommands,
      (await import("./namespaces")).namespaceCommands,
    ];
    const provided = modules.flatMap((m) => Object.keys(m)).sort();
    expect(Object.keys(LAZY_COMMANDS).sort()).toEqual(provided);
    for (const [name, group] of Object.entries(LAZY_COMMANDS)) expect(Object.keys(await group())).toContain(name);
  });
});
