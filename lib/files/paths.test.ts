import { describe, expect, it } from "vitest";
import { checkFolderPath, contentTypeOf, filePathProblem, pathFromSegments } from "./paths";

describe("namespace file paths", () => {
  it.each(["a.txt", "scripts/etl.py", ".env", "dir/sub dir/ü-file (1).csv", "a..b.txt"])("accepts %j", (p) => {
    expect(filePathProblem(p)).toBeNull();
  });

  it.each([
    "",
    "..",
    "a/../b",
    "./a",
    "/etc/passwd",
    "C:/x",
    "a\\b",
    "%2e%2e/x",
    "a\u0000b",
    "\uff0e\uff0e/x",
    "\u2025/x",
    "a\uff0fb",
    "a//b",
    "a/",
    " a",
    "x".repeat(600),
  ])("refuses %j", (p) => {
    expect(filePathProblem(p)).toEqual(expect.any(String));
  });

  it("joins catch-all segments and treats an empty folder as the root", () => {
    expect(pathFromSegments(["a", "b.txt"])).toBe("a/b.txt");
    expect(checkFolderPath("")).toBe("");
    expect(checkFolderPath("dir/")).toBe("dir");
    expect(() => checkFolderPath("../x")).toThrow();
  });

  it("decides the content type from the extension only", () => {
    expect(contentTypeOf("a/etl.PY")).toBe("text/x-python");
    expect(contentTypeOf("page.html")).toBe("text/html");
    expect(contentTypeOf("blob")).toBe("application/octet-stream");
  });
});
