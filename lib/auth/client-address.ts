import net from "node:net";
import { config } from "../config";
import { normalizeAddress as normalize, trustedProxyList } from "./trusted-proxies";

// The address of the client behind a request. The server's own socket peer is put into
// PEER_HEADER by scripts/peer-address.cjs for every request (a value sent by the client is
// overwritten), so it cannot be forged. X-Forwarded-For is believed only hop by hop from the
// right, and only while the hop that reported it is one of TENANTFLOW_TRUSTED_PROXIES.

export const PEER_HEADER = "x-tenantflow-peer";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | null {
  const v = headers instanceof Headers ? headers.get(name) : headers[name];
  return (Array.isArray(v) ? v.join(",") : v) ?? null;
}

let parsed: { setting: string; list: net.BlockList } | undefined;
function proxyList(setting: string) {
  if (parsed?.setting !== setting) parsed = { setting, list: trustedProxyList(setting) };
  return parsed.list;
}

const isTrusted = (list: net.BlockList, ip: string) => list.check(ip, net.isIPv4(ip) ? "ipv4" : "ipv6");

/**
 * The client's address, or null when the server does not know its peer (e.g. the development
 * server, which runs without scripts/peer-address.cjs).
 */
export function clientAddress(headers: HeaderSource, trusted: string = config().trustedProxies): string | null {
  const peer = normalize(header(headers, PEER_HEADER) ?? "");
  if (!peer) return null;
  const list = proxyList(trusted);
  let client = peer;
  // walk back through the hops each trusted proxy reports, stopping at the first untrusted one
  const hops = (header(headers, "x-forwarded-for") ?? "").split(",").reverse();
  for (const hop of hops) {
    if (!isTrusted(list, client)) break;
    const ip = normalize(hop);
    if (!ip) break;
    client = ip;
  }
  return client;
}
