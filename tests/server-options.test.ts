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

describe("npm start's exit status when the server process ends", () => {
  it("is non-zero when the server dies on its own, 0 only for a stop that was asked for", async () => {
    const { exitStatus } = await import("@/scripts/instance-env.mjs");
    // killed (the heap exhausted aborts; an out-of-memory killer sends SIGKILL) or crashed
    expect(exitStatus({ code: null, signal: "SIGABRT", requested: null })).toBe(134);
    expect(exitStatus({ code: null, signal: "SIGKILL", requested: null })).toBe(137);
    expect(exitStatus({ code: 1, signal: null, requested: null })).toBe(1);
    // even a clean exit nobody asked for leaves no instance serving
    expect(exitStatus({ code: 0, signal: null, requested: null })).toBe(1);
    // asked to stop
    expect(exitStatus({ code: null, signal: "SIGTERM", requested: "SIGTERM" })).toBe(0);
    expect(exitStatus({ code: 0, signal: null, requested: "SIGINT" })).toBe(0);
    expect(exitStatus({ code: 143, signal: null, requested: "SIGTERM" })).toBe(0);
    expect(exitStatus({ code: 143, signal: null, requested: null })).toBe(143);
    expect(exitStatus({ code: 3, signal: null, requested: "SIGTERM" })).toBe(3);
    // a stop that outlasted its grace was killed by npm start itself: still the stop asked for
    expect(exitStatus({ code: null, signal: "SIGKILL", requested: "SIGTERM", forced: true })).toBe(0);
    // a kill from elsewhere while stopping (the out-of-memory killer) is not
    expect(exitStatus({ code: null, signal: "SIGKILL", requested: "SIGTERM", forced: false })).toBe(137);
  });

  it("gives a requested stop 10 s unless TENANTFLOW_STOP_GRACE_MS says otherwise, and refuses a bad value", async () => {
    const { stopGraceMs } = await import("@/scripts/instance-env.mjs");
    expect(stopGraceMs({})).toBe(10_000);
    expect(stopGraceMs({ TENANTFLOW_STOP_GRACE_MS: "" })).toBe(10_000);
    expect(stopGraceMs({ TENANTFLOW_STOP_GRACE_MS: "2500" })).toBe(2500);
    for (const bad of ["-1", "1.5", "10s", "99", "soon"]) {
      expect(() => stopGraceMs({ TENANTFLOW_STOP_GRACE_MS: bad }), bad).toThrow(/TENANTFLOW_STOP_GRACE_MS/);
    }
  });
});
