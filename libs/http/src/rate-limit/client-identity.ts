import { createHash } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

/** Who a request counts against: its client address and, if it sent one, its bearer token. */
export interface RateLimitClient {
  ip: string;
  /** The raw token; only its SHA-256 is ever used as a key. */
  token?: string;
}

/**
 * The proxies whose `X-Forwarded-For` is believed (HUB_TRUSTED_PROXIES): addresses and CIDR
 * ranges such as `127.0.0.0/8`, `::1`, `10.0.0.0/8`. Empty: the socket address is the client.
 */
export type TrustedProxies = readonly string[];

export function clientFor(request: FastifyRequest, trusted: TrustedProxies = []): RateLimitClient {
  const token = bearerToken(request.headers.authorization);
  return { ip: rateLimitAddress(clientAddress(request, trusted)), ...(token ? { token } : {}) };
}

/**
 * The client's address. Each trusted proxy appends the address it was called from to
 * X-Forwarded-For, so the header is read from the right, starting at the socket: while the hop
 * at hand is a trusted proxy, the address it names is believed. The first hop that is not
 * trusted is the client; nothing to its left can be told apart from what that client wrote.
 */
export function clientAddress(request: FastifyRequest, trusted: TrustedProxies): string {
  let client = request.socket.remoteAddress ?? request.ip;
  const proxies = compiled(trusted);
  if (!isTrustedProxy(proxies, client)) return client;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const hop = forwarded[i]!.trim();
    // A trusted proxy writes addresses; anything else came from its client, so it is not believed.
    if (!isIP(stripZone(hop))) break;
    client = hop;
    if (!isTrustedProxy(proxies, hop)) break;
  }
  return client;
}

const blockLists = new WeakMap<TrustedProxies, BlockList>();

/**
 * Built once per list (the config's list is one array for the life of the process). The config
 * validated the entries; BlockList throws on any other bad one.
 */
function compiled(trusted: TrustedProxies): BlockList {
  let list = blockLists.get(trusted);
  if (!list) {
    list = new BlockList();
    for (const entry of trusted) {
      const [address, prefix] = entry.split('/') as [string, string | undefined];
      const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
      if (prefix === undefined) list.addAddress(address, family);
      else list.addSubnet(address, Number(prefix), family);
    }
    blockLists.set(trusted, list);
  }
  return list;
}

/** Whether `address` is one of the trusted proxies (the per-address connection cap spares them). */
export function isTrustedProxyAddress(trusted: TrustedProxies, address: string): boolean {
  return isTrustedProxy(compiled(trusted), address);
}

function isTrustedProxy(proxies: BlockList, address: string): boolean {
  const ip = stripZone(address);
  const family = isIP(ip);
  // IPv4-mapped IPv6 (a dual-stack socket) matches the IPv4 ranges too.
  return family !== 0 && proxies.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The address a limit is keyed by. IPv6 hosts usually get a whole /64 and can rotate through it
 * freely, so an IPv6 client is keyed by its /64; IPv4-mapped IPv6 is plain IPv4.
 */
export function rateLimitAddress(address: string): string {
  const ip = stripZone(address);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail] = ip.split('::');
  const groups = (s: string) => (s ? s.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all =
    tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${all
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

function stripZone(address: string): string {
  const zone = address.indexOf('%');
  return zone === -1 ? address : address.slice(0, zone);
}

export function bearerToken(authorization: string | undefined): string | undefined {
  return authorization ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization)?.[1] : undefined;
}

/** Keys never hold a token: a leaked Redis dump or log line must not be a credential. */
export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
