import { getPathMatch } from "next/dist/shared/lib/router/utils/path-match";
import { describe, expect, it } from "vitest";
import { GET as malformedPath } from "@/app/api/malformed-path/route";
import nextConfig from "../next.config.js";

// The namespace file routes skip proxy.ts, so next.config.js sends an API path that is not valid
// percent-encoding to app/api/malformed-path (a 400 in the API's error shape) before Next.js tries
// to decode it. Its pattern must match exactly the paths decodeURIComponent refuses: one more
// would refuse a good file name, one less would reach Next.js' own error answer.

const decodable = (path: string) => {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
};

async function malformedRule() {
  const rewrites = (await nextConfig.rewrites()) as { beforeFiles: { source: string; destination: string }[] };
  const rule = rewrites.beforeFiles.find((r) => r.destination === "/api/malformed-path");
  if (!rule) throw new Error("next.config.js has no rewrite to /api/malformed-path");
  // as Next.js' router matches rewrites (raw pathname, case-insensitive)
  return getPathMatch(rule.source, { removeUnnamedParams: true, strict: true });
}

describe("malformed percent-encoding in an API path", () => {
  it("is matched exactly when decodeURIComponent refuses the path", async () => {
    const match = await malformedRule();
    const samples = [
      ["/api/v1/t/namespaces/ok/files/%E0%A4%A/x", false],
      ["/api/v1/t/namespaces/ok/files/%C0", false],
      ["/api/v1/t/namespaces/ok/files/%c0%af", false],
      ["/api/v1/t/namespaces/ok/files/%ED%A0%80", false],
      ["/api/v1/t/namespaces/ok/files/%F4%90%80%80", false],
      ["/api/v1/t/namespaces/%/files", false],
      ["/api/v1/t/namespaces/ok/files/a%20b%C3%A9.txt", true],
      ["/api/v1/t/namespaces/ok/files/%F0%9F%98%80/%E2%82%AC", true],
      ["/api/v1/t/namespaces/ok/files/%2e%2e/x", true],
      ["/api/v1/t/flows/search", true],
    ] as const;
    for (const [path, ok] of samples) {
      expect(decodable(path), path).toBe(ok);
      expect(!!match(path), path).toBe(!ok);
    }
    // random byte sequences, escaped, mixed with plain characters: the rule and decodeURIComponent agree
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      let tail = "";
      for (let j = 0, n = 1 + Math.floor(next() * 5); j < n; j++) {
        const hex = Math.floor(next() * 256).toString(16).padStart(2, "0");
        tail += next() < 0.85 ? `%${next() < 0.5 ? hex : hex.toUpperCase()}` : "a/";
      }
      const path = `/api/v1/t/namespaces/ok/files/${tail}`;
      expect(!!match(path), path).toBe(!decodable(path));
    }
  });

  it("is answered 400 in the API's error shape", async () => {
    const res = malformedPath();
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "BAD_REQUEST", message: "The URL is not valid percent-encoding", details: [] } });
  });
});
