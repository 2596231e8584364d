import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { Readable } from "node:stream";
import { config } from "../../config";
import { BlockedAddressError, checkAllowedHost, guardedLookup, isPrivateAddress } from "../../plugins/network";
import { TaskFailure } from "./types";

export { isPrivateAddress };

// The HTTP client of http.Request and http.Download. A tenant's flow must not reach the instance's
// own network: unless TENANTFLOW_HTTP_ALLOW_PRIVATE is on, a host is refused when it is, or
// resolves to, a loopback, private, link-local, shared, unspecified or multicast address. The
// check is made on the addresses the socket is about to connect to (a `lookup` given to node:http,
// so a DNS answer cannot change between the check and the connection), for every redirect too.
// The policy itself (allowed hosts, private addresses) is lib/plugins/network.ts, shared by every plugin.

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
  checkAllowedHost(host);
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
