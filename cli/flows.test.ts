import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { cli } from "@/tests/cli";
import { makeTenant } from "@/tests/helpers";

const flow = (ns: string, id: string, msg = "hi") =>
  `id: ${id}\nnamespace: ${ns}\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: ${msg}\n`;

function folder(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-apply-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("tenantflow flows apply", () => {
  it("creates, leaves unchanged and updates; reports bad files with line; writes none of them", async () => {
    const t = await makeTenant();
    const dir = folder({
      "a.yml": flow("company.team", "first"),
      "nested/b.yaml": flow("company.team.etl", "second"),
      "nested/bad.yml": "id: broken\nnamespace: company\ntasks:\n  - id: x\n    type: io.kestra.plugin.core.log.Unknown\n",
      "notes.txt": "ignored",
    });
    const first = await cli("flows", "apply", "--tenant", t.id, dir);
    expect(first.code).toBe(1);
    expect(first.out.split("\n").map((l) => l.replace(dir + path.sep, ""))).toEqual([
      expect.stringMatching(/a\.yml: created company\.team\.first \(revision 1\)$/),
      expect.stringMatching(/nested\/b\.yaml: created company\.team\.etl\.second \(revision 1\)$/),
    ]);
    expect(first.err).toMatch(/nested\/bad\.yml: error: line 5:\d+: tasks\[0\]\.type: .*io\.kestra\.plugin\.core\.log\.Unknown/);
    expect(first.err).toContain("1 of 3 files failed");
    expect(await db.flow.count({ where: { tenantId: t.id, flowId: "broken" } })).toBe(0);

    fs.writeFileSync(path.join(dir, "a.yml"), flow("company.team", "first", "changed"));
    fs.rmSync(path.join(dir, "nested", "bad.yml"));
    const second = await cli("flows", "apply", "--tenant", t.id, dir);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/a\.yml: updated company\.team\.first \(revision 2\)/);
    expect(second.out).toMatch(/b\.yaml: unchanged company\.team\.etl\.second \(revision 1\)/);
    expect(second.err).toBe("");
  });

  it.each([
    [["flows", "apply", "/tmp"], "needs --tenant"],
    [["flows", "apply", "--tenant", "main"], "needs at least one PATH"],
    [["flows", "apply", "--tenant", "main", "/nonexistent/dir"], "no such file or directory"],
    [["flows", "apply", "--tenant", "no-such-tenant", "/tmp/tf-nothing-here.yml"], "no such file"],
  ])("%j exits 2 with a one-line error", async (argv, message) => {
    const r = await cli(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  it("refuses an unknown tenant", async () => {
    const dir = folder({ "a.yml": flow("x", "y") });
    const r = await cli("flows", "apply", "--tenant", "no-such-tenant", dir);
    expect(r).toMatchObject({ code: 2, err: "error: tenant no-such-tenant not found" });
  });
});
