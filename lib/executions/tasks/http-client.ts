import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { Readable } from "node:stream";
import { config } from "../../config";
import { TaskFailure } from "./types";

// The HTTP client of http.Request and http.Download. A tenant's flow must not reach the instance's
// own network: unless TENANTFLOW_HTTP_ALLOW_PRIVATE is on, a host is refused when it is, or
// resolves to, a loopback, private, link-local, shared, unspecified or multicast address. The
// check is made on the addresses the socket is about to connect to (a `lookup` given to node:http,
// so a DNS answer cannot change between the check and the connection), for every redirect too.

const BLOCKED = new net.BlockList();
for (const [net4, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16],
  ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
  ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) BLOCKED.addSubnet(net4, prefix, "ipv4");
for (const [net6, prefix] of [
  ["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8], ["2001:db8::", 32], ["100::", 64],
] as const) BLOCKED.addSubnet(net6, prefix, "ipv6");

/** The IPv4 address an IPv6 one carries (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, compatible ::a.b.c.d), if any. */
function embeddedV4(address: string): string | null {
  const m = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m) return m[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const hi = parseInt(hex[1], 16);
  const lo = parseInt(hex[2], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Whether an IP address is one a flow may not reach without TENANTFLOW_HTTP_ALLOW_PRIVATE. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return BLOCKED.check(address, "ipv4");
  if (family === 6) {
    const v4 = embeddedV4(address);
    if (v4 !== null) return BLOCKED.check(v4, "ipv4");
    return BLOCKED.check(address, "ipv6");
  }
  return true;
}

export class BlockedAddressError extends TaskFailure {
  constructor(host: string, address: string) {
    super(
      `Refused to connect to ${host} (${address}): a loopback, private, link-local or unspecified address ` +
        "(the instance setting TENANTFLOW_HTTP_ALLOW_PRIVATE allows it)",
    );
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** dns.lookup, refusing any answer holding a blocked address (all answers are checked: the socket may try each). */
const guardedLookup = (isBlocked: (address: string) => boolean) => (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const blocked = addresses.find((a) => isBlocked(a.address));
    if (blocked) return callback(new BlockedAddressError(hostname, blocked.address), []);
    if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

export type HttpRequest = {
  url: string;
  method: string;
  headers: Record<string, string | string[]>;
  body?: Uint8Array;
  followRedirects: boolean;
  connectTimeoutMs?: number;
  readIdleTimeoutMs: number;
  signal: AbortSignal;
  /** the largest body read; past it the call fails naming `limitName` */
  maxBytes: number;
  limitName: string;
  /** the addresses refused (isPrivateAddress; tests narrow it to check redirects on loopback) */
  isBlocked?: (address: string) => boolean;
};

export type HttpResponse = {
  url: string;
  status: number;
  headers: Record<string, string[]>;
  body: Uint8Array;
};

const MAX_REDIRECTS = 10;

/** Headers as lists of values, by lower-case name. */
function headerLists(res: http.IncomingMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i].toLowerCase();
    (out[name] ??= []).push(res.rawHeaders[i + 1]);
  }
  return out;
}

function checkUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TaskFailure(`"${raw}" is not a valid URI`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TaskFailure(`Only http and https URIs are supported, not "${url.protocol}"`);
  return url;
}

async function readBody(res: Readable, maxBytes: number, limitName: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    const buf = chunk as Buffer;
    size += buf.byteLength;
    if (size > maxBytes) {
      res.destroy();
      throw new TaskFailure(`The response is larger than ${maxBytes} bytes (${limitName})`);
    }
    chunks.push(buf);
  }
  return new Uint8Array(Buffer.concat(chunks, size));
}

function once(url: URL, req: HttpRequest, method: string, body: Uint8Array | undefined, headers: Record<string, string | string[]>, allowPrivate: boolean) {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const isBlocked = req.isBlocked ?? isPrivateAddress;
  // an address written in the URI is not looked up: it is checked here
  if (!allowPrivate && net.isIP(host) && isBlocked(host)) throw new BlockedAddressError(host, host);
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const r = client.request(url, {
      method,
      headers: body ? { ...headers, "content-length": String(body.byteLength) } : headers,
      signal: req.signal,
      ...(allowPrivate ? {} : { lookup: guardedLookup(isBlocked) as unknown as net.LookupFunction }),
      timeout: req.readIdleTimeoutMs,
      agent: false,
    });
    let connectTimer: NodeJS.Timeout | undefined;
    if (req.connectTimeoutMs) {
      connectTimer = setTimeout(() => r.destroy(new TaskFailure(`Connection to ${url.host} timed out`)), req.connectTimeoutMs);
      r.on("socket", (s) => s.once(url.protocol === "https:" ? "secureConnect" : "connect", () => clearTimeout(connectTimer)));
    }
    r.on("timeout", () => r.destroy(new TaskFailure(`No data from ${url.host} for ${req.readIdleTimeoutMs} ms (read idle timeout)`)));
    r.on("error", (e) => {
      clearTimeout(connectTimer);
      reject(e);
    });
    r.on("response", (res) => {
      clearTimeout(connectTimer);
      resolve(res);
    });
    r.end(body ? Buffer.from(body) : undefined);
  });
}

/** Sends a request, following redirects (each one checked as the first), and reads the bounded body. */
export async function httpCall(req: HttpRequest): Promise<HttpResponse> {
  const allowPrivate = config().httpAllowPrivate;
  let url = checkUrl(req.url);
  let method = req.method;
  let body = req.body;
  let headers = { ...req.headers };
  for (let hop = 0; ; hop++) {
    if (req.signal.aborted) throw new TaskFailure("The request was aborted");
    let res: http.IncomingMessage;
    try {
      res = await once(url, req, method, body, headers, allowPrivate);
    } catch (e) {
      if (e instanceof TaskFailure) throw e;
      if (req.signal.aborted) throw new TaskFailure("The request was aborted");
      throw new TaskFailure(`Request to ${url.toString()} failed: ${(e as Error).message}`);
    }
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (req.followRedirects && [301, 302, 303, 307, 308].includes(status) && location) {
      res.resume();
      if (hop >= MAX_REDIRECTS) throw new TaskFailure(`More than ${MAX_REDIRECTS} redirects from ${req.url}`);
      const next = checkUrl(new URL(location, url).toString());
      if (status === 303 || ((status === 301 || status === 302) && method === "POST")) {
        method = method === "HEAD" ? "HEAD" : "GET";
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== "content-type"));
      }
      // credentials stay with the origin they were given for
      if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !["authorization", "cookie"].includes(k.toLowerCase())));
      url = next;
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await readBody(res, req.maxBytes, req.limitName);
    } catch (e) {
      if (e instanceof TaskFailure) throw e;
      if (req.signal.aborted) throw new TaskFailure("The request was aborted");
      throw new TaskFailure(`Reading the response of ${url.toString()} failed: ${(e as Error).message}`);
    }
    return { url: url.toString(), status, headers: headerLists(res), body: bytes };
  }
}
