import { BlockList, isIP } from 'node:net';

/**
 * Which addresses a Hub may connect to on a publisher's say-so (a remote's URL). Everything that
 * reaches the Hub's own machine or network is refused: loopback, private ranges, link-local (and
 * with it the cloud metadata address 169.254.169.254), carrier-grade NAT, multicast, reserved and
 * unspecified addresses, their IPv6 counterparts, and IPv4 hidden in IPv6 (mapped, NAT64, 6to4).
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** The IPv4 address an IPv6 address carries (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16), if any. */
function embeddedIPv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) return hexPairToIPv4(hex[1]!, hex[2]!);
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  if (sixToFour) return hexPairToIPv4(sixToFour[1]!, sixToFour[2]!);
  return undefined;
}

function hexPairToIPv4(hi: string, lo: string): string {
  const a = parseInt(hi, 16);
  const b = parseInt(lo, 16);
  return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
}

export interface AddressVerdict {
  allowed: boolean;
  /** Why not, e.g. "127.0.0.1 is a loopback address". */
  reason?: string;
}

function kindOf(ip: string): string {
  if (/^127\.|^::1$/.test(ip)) return 'a loopback address';
  if (/^169\.254\./.test(ip)) return ip === '169.254.169.254' ? 'the cloud metadata address' : 'a link-local address';
  if (/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip) || /^f[cd]/i.test(ip)) return 'a private address';
  if (/^fe[89ab]/i.test(ip)) return 'a link-local address';
  return 'a reserved or non-public address';
}

/** May the Hub connect to this IP address (a literal, v4 or v6) on a stranger's behalf? */
export function checkPublicAddress(address: string): AddressVerdict {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(ip);
  if (family === 0) return { allowed: false, reason: `${address} is not an IP address` };
  if (family === 6) {
    const v4 = embeddedIPv4(ip);
    if (v4 !== undefined) {
      const inner = checkPublicAddress(v4);
      return inner.allowed ? inner : { allowed: false, reason: `${address} carries ${v4}: ${inner.reason}` };
    }
    if (blocked.check(ip, 'ipv6')) return { allowed: false, reason: `${ip} is ${kindOf(ip)}` };
    return { allowed: true };
  }
  if (blocked.check(ip, 'ipv4')) return { allowed: false, reason: `${ip} is ${kindOf(ip)}` };
  return { allowed: true };
}
