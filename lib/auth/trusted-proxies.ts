import net from "node:net";

// The TENANTFLOW_TRUSTED_PROXIES setting, parsed; lib/config.ts validates it with the same code.

/** `::ffff:10.0.0.1` and `10.0.0.1` are the same client. */
export function normalizeAddress(address: string): string | null {
  const a = address.trim().replace(/^\[(.*)\]$/, "$1");
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  const plain = v4 ? v4[1] : a;
  return net.isIP(plain) ? plain.toLowerCase() : null;
}

/** Parses the trusted proxies setting: addresses and CIDR ranges, comma-separated. */
export function trustedProxyList(setting: string): net.BlockList {
  const list = new net.BlockList();
  for (const entry of setting.split(",").map((e) => e.trim()).filter(Boolean)) {
    const [addr, bits] = entry.split("/");
    const ip = normalizeAddress(addr);
    if (!ip) throw new Error(`"${entry}" is not an IP address or CIDR range`);
    const type = net.isIPv4(ip) ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(ip, type);
    else {
      const prefix = Number(bits);
      if (!/^\d+$/.test(bits) || prefix > (type === "ipv4" ? 32 : 128)) throw new Error(`"${entry}" has an invalid prefix length`);
      list.addSubnet(ip, prefix, type);
    }
  }
  return list;
}
