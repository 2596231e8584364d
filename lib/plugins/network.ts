import dns from "node:dns";
import net from "node:net";
import { config } from "../config";
import { TaskFailure } from "../executions/tasks/types";

// The network policy every plugin that reaches the network obeys (SPEC §9). A tenant's flow must
// not reach the instance's own network:
// - `TENANTFLOW_ALLOWED_HOSTS` (a list of host names, `*.example.com` for a domain's hosts; empty:
//   any host) names the hosts flows may reach at all;
// - unless `TENANTFLOW_HTTP_ALLOW_PRIVATE` is on, a host is refused when it is, or resolves to, a
//   loopback, private, link-local, shared, unspecified or multicast address. The check is made on
//   the addresses about to be connected to (`guardedLookup` given to the socket, or `resolveAllowed`
//   whose addresses are then connected to directly), so a DNS answer cannot change in between.

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
export const guardedLookup = (isBlocked: (address: string) => boolean) => (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const blocked = addresses.find((a) => isBlocked(a.address));
    if (blocked) return callback(new BlockedAddressError(hostname, blocked.address), []);
    if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

/** Whether `host` matches one pattern of the allowed hosts (`name`, or `*.domain` for any host under it). */
function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  const p = pattern.toLowerCase().trim();
  if (p.startsWith("*.")) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return h === p;
}

/** Refuses a host that the instance's allowed hosts (TENANTFLOW_ALLOWED_HOSTS) do not name; any host when the list is empty. */
export function checkAllowedHost(host: string): void {
  const allowed = config().allowedHosts;
  if (allowed.length === 0) return;
  const bare = host.replace(/^\[|\]$/g, "");
  if (!allowed.some((p) => hostMatches(bare, p)))
    throw new TaskFailure(`Refused to connect to ${bare}: not among the instance's allowed hosts (the setting TENANTFLOW_ALLOWED_HOSTS)`);
}

/**
 * The addresses a plugin may connect to for `host`: checked against the allowed hosts, resolved,
 * and refused when any is private (unless the instance allows it). Connect to one of the returned
 * addresses (not to the name again), giving the name as TLS `servername` where TLS is used.
 */
export async function resolveAllowed(host: string): Promise<dns.LookupAddress[]> {
  checkAllowedHost(host);
  const bare = host.replace(/^\[|\]$/g, "");
  const allowPrivate = config().httpAllowPrivate;
  const family = net.isIP(bare);
  if (family) {
    if (!allowPrivate && isPrivateAddress(bare)) throw new BlockedAddressError(bare, bare);
    return [{ address: bare, family }];
  }
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(bare, { all: true });
  } catch (e) {
    throw new TaskFailure(`Cannot resolve ${bare}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (addresses.length === 0) throw new TaskFailure(`${bare} has no address`);
  if (!allowPrivate) {
    const blocked = addresses.find((a) => isPrivateAddress(a.address));
    if (blocked) throw new BlockedAddressError(bare, blocked.address);
  }
  return addresses;
}
