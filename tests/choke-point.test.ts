import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The authorization choke point, checked on the source: server actions are built only with the
// safe-action wrappers, and nothing in app/ or components/ touches the database directly.

function files(dir: string, match: (f: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full, match) : match(full) ? [full] : [];
  });
}

describe("authorization choke point", () => {
  it("every server action lives in lib/<domain>/actions.ts and is built with action() or tenantAction() under its declared name", () => {
    expect(files("app", (f) => /actions\.ts$/.test(f))).toEqual([]);
    const actionFiles = files("lib", (f) => /(^|\/)actions\.ts$/.test(f));
    expect(actionFiles.length).toBeGreaterThan(5);
    const offenders: string[] = [];
    for (const file of actionFiles) {
      const text = fs.readFileSync(file, "utf8");
      expect(text.startsWith('"use server"'), file).toBe(true);
      for (const m of text.matchAll(/export\s+(?:async\s+)?(?:const|function)\s+(\w+)\s*(=\s*([\w.]+)\(\s*"(\w+)")?/g)) {
        if (!m[3] || !["action", "tenantAction"].includes(m[3]) || m[4] !== m[1]) offenders.push(`${file}: ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("app/ and components/ never query the database themselves", () => {
    const sources = [...files("app", (f) => /\.tsx?$/.test(f)), ...files("components", (f) => /\.tsx?$/.test(f))];
    const offenders = sources.filter((f) => /from "@\/lib\/db"|@prisma\/client|generated\/(sqlite|postgresql)/.test(fs.readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("every route handler goes through withActor/withTenant (or is public by design)", () => {
    const PUBLIC = [
      "app/api/v1/openapi.json/route.ts",
      "app/api/v1/health/route.ts",
      "app/api/auth/[...nextauth]/route.ts",
      // answers 404 for every path no route serves, before and without reading anything
      "app/api/[[...path]]/route.ts",
      // answers 400 for an API path that is not valid percent-encoding (next.config.js sends it there)
      "app/api/malformed-path/route.ts",
      // no login by design: the key in the URL is the credential, compared in constant time
      // (lib/triggers/webhook.ts); every miss is the same 404 (tests/isolation-matrix.test.ts)
      "app/api/v1/[tenant]/executions/webhook/[namespace]/[flowId]/[key]/route.ts",
    ];
    const offenders = files("app/api", (f) => f.endsWith("route.ts"))
      .filter((f) => !PUBLIC.includes(f))
      .filter((f) => {
        const text = fs.readFileSync(f, "utf8");
        const exported = [...text.matchAll(/export const (GET|POST|PUT|DELETE|PATCH)\s*=\s*(\w+)/g)];
        return exported.length === 0 || exported.some((m) => !["withActor", "withTenant"].includes(m[2]));
      });
    expect(offenders).toEqual([]);
  });
});
