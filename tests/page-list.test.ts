import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PAGES } from "./isolation/pages";

// The page list of the isolation matrix (e2e/isolation-pages.spec.ts) must name every page of the
// browser UI and every tab of the namespace page: a new one fails here until it is listed.

function pageFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? pageFiles(full) : e.name === "page.tsx" ? [full] : [];
  });
}

describe("the page list", () => {
  it("names every page under app/ui, and nothing else", () => {
    const found = pageFiles("app/ui").sort();
    expect(found.length).toBeGreaterThanOrEqual(15);
    expect([...new Set(PAGES.map((p) => p.file))].sort()).toEqual(found);
  });

  it("names every tab of the namespace page", () => {
    const source = fs.readFileSync("app/ui/[tenant]/namespaces/[namespace]/page.tsx", "utf8");
    const sections = source.match(/const SECTIONS[\s\S]*?\n\};/)?.[0] ?? "";
    const keys = [...sections.matchAll(/^\s+"?([a-z][a-z-]*)"?\s*:\s*\{\s*label/gm)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThanOrEqual(5);
    // "flows" and "access" are the page's own tabs, around the sections
    const tabs = ["flows", ...keys, "access"].sort();
    const listed = PAGES.map((p) => p.path.match(/\?tab=([a-z-]+)/)?.[1]).filter(Boolean).sort();
    expect(listed).toEqual(tabs);
  });

  it("every tenant page declares the permission the matrix checks to pageTenant, or says why it declares none", () => {
    const pages = PAGES.filter((p) => p.file.startsWith("app/ui/[tenant]/") && !p.path.includes("?tab="));
    for (const file of new Set(pages.map((p) => p.file))) {
      const source = fs.readFileSync(file, "utf8");
      const entry = pages.find((p) => p.file === file)!;
      const declared = source.match(/pageTenant\([\w.]+, \{ permission: "(\w+)"(?:, action: "(\w+)")?/);
      if (entry.kind === "flows" || entry.kind === "namespaces" || entry.kind === "executions") {
        // a list filtered in its query: every member gets the page, with what they may read
        expect(declared, file).toBeNull();
        expect(source, file).toMatch(/no permission declared: .*filtered in its query/);
      } else if (entry.permission) {
        expect(declared && `${declared[1]}:${declared[2] ?? "READ"}`, file).toBe(entry.permission);
      }
    }
  });

  it("gives every URL parameter a value the matrix knows", () => {
    for (const p of PAGES) {
      for (const [, param] of p.path.matchAll(/\{(\w+)\}/g)) expect(["tenant", "namespace", "flow", "execution", "member"], p.path).toContain(param);
      // a page file's dynamic segments are all in its URL
      for (const [, seg] of p.file.matchAll(/\[(\w+)\]/g)) expect(p.path, p.file).toMatch(seg === "id" || seg === "flowId" ? "{flow}" : seg === "username" ? "{member}" : seg === "executionId" ? "{execution}" : `{${seg}}`);
    }
  });
});
