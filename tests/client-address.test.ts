import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PEER_HEADER, clientAddress } from "@/lib/auth/client-address";

// Whose address a sign-in failure counts against: the socket's peer, and X-Forwarded-For only as
// far as configured proxies vouch for it.

const at = (peer: string, xff?: string) => ({ [PEER_HEADER]: peer, ...(xff ? { "x-forwarded-for": xff } : {}) });

describe("clientAddress", () => {
  it("ignores forwarding headers when no proxy is trusted (the default)", () => {
    expect(clientAddress(at("203.0.113.7", "198.51.100.1"), "")).toBe("203.0.113.7");
    expect(clientAddress(new Headers({ [PEER_HEADER]: "::ffff:203.0.113.7", "x-real-ip": "1.2.3.4" }), "")).toBe("203.0.113.7");
  });

  it("believes a trusted proxy, and only as far back as the hops are trusted", () => {
    const trusted = "10.0.0.0/8, 192.168.1.5";
    expect(clientAddress(at("10.0.0.2", "198.51.100.1"), trusted)).toBe("198.51.100.1");
    // the client prepends a forged hop: the proxy appends the real one, which is the answer
    expect(clientAddress(at("10.0.0.2", "1.1.1.1, 198.51.100.1"), trusted)).toBe("198.51.100.1");
    // two trusted proxies in a row
    expect(clientAddress(at("192.168.1.5", "1.1.1.1, 198.51.100.1, 10.9.9.9"), trusted)).toBe("198.51.100.1");
    // a header from an untrusted peer counts for nothing
    expect(clientAddress(at("203.0.113.7", "10.0.0.2"), trusted)).toBe("203.0.113.7");
    // garbage in the chain stops the walk at the last trustworthy hop
    expect(clientAddress(at("10.0.0.2", "not-an-ip"), trusted)).toBe("10.0.0.2");
  });

  it("is unknown without the server's peer header, whatever the client sends", () => {
    expect(clientAddress({ "x-forwarded-for": "198.51.100.1" }, "")).toBeNull();
  });
});

describe("scripts/peer-address.cjs", () => {
  it("puts the socket's address into the peer header, over any value the client sent", async () => {
    createRequire(import.meta.url)(path.resolve("scripts/peer-address.cjs"));
    const server = http.createServer((req, res) => res.end(String(req.headers[PEER_HEADER])));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: "198.51.100.1" } });
      expect(normalizePeer(await res.text())).toBe("127.0.0.1");
    } finally {
      server.close();
    }
  });
});

const normalizePeer = (a: string) => a.replace(/^::ffff:/, "");
