import path from "node:path";
import { describe, expect, it } from "vitest";
import { serverNodeOptions } from "@/scripts/instance-env.mjs";

const PEER = `--require ${JSON.stringify(path.resolve("scripts/peer-address.cjs"))}`;

describe("the server's heap limit (scripts/start.mjs)", () => {
  it("is 320 MB by default, kept beside other NODE_OPTIONS", () => {
    expect(serverNodeOptions({})).toBe(`--max-old-space-size=320 ${PEER}`);
    expect(serverNodeOptions({ NODE_OPTIONS: "--enable-source-maps" })).toBe(`--enable-source-maps --max-old-space-size=320 ${PEER}`);
  });

  it("follows TENANTFLOW_MAX_HEAP_MB, and a limit already in NODE_OPTIONS wins", () => {
    expect(serverNodeOptions({ TENANTFLOW_MAX_HEAP_MB: "1024" })).toBe(`--max-old-space-size=1024 ${PEER}`);
    expect(serverNodeOptions({ TENANTFLOW_MAX_HEAP_MB: "1024", NODE_OPTIONS: "--max-old-space-size=2048" })).toBe(`--max-old-space-size=2048 ${PEER}`);
  });

  it("refuses a value that is not a whole number of megabytes of at least 128", () => {
    for (const bad of ["64", "1.5", "lots", "-1", "256MB"]) {
      expect(() => serverNodeOptions({ TENANTFLOW_MAX_HEAP_MB: bad }), bad).toThrow(/TENANTFLOW_MAX_HEAP_MB/);
    }
  });
});
