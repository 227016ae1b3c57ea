import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

/** Who a request counts against: its client address and, if it sent one, its bearer token. */
export interface RateLimitClient {
  ip: string;
  /** The raw token; only its SHA-256 is ever used as a key. */
  token?: string;
}

/**
 * How far to believe `X-Forwarded-For`:
 * - `false` (default): `request.ip`, i.e. whatever Fastify's own `trustProxy` setting decided;
 * - a number n: n proxies in front of us append to the header, so the client is the n-th
 *   address from the right of the header plus the socket address;
 * - `true`: the leftmost address. Only safe when the proxy in front replaces the header, since
 *   a client can put anything there.
 */
export type TrustProxy = boolean | number;

export function clientFor(request: FastifyRequest, trustProxy: TrustProxy = false): RateLimitClient {
  const token = bearerToken(request.headers.authorization);
  return { ip: rateLimitAddress(clientAddress(request, trustProxy)), ...(token ? { token } : {}) };
}

/** The client's address, believing X-Forwarded-For only as far as `trustProxy` says. */
export function clientAddress(request: FastifyRequest, trustProxy: TrustProxy): string {
  const socketAddress = request.socket.remoteAddress ?? request.ip;
  if (trustProxy === false || trustProxy === 0) return request.ip;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...forwarded, socketAddress];
  const candidate = trustProxy === true ? chain[0] : chain[Math.max(0, chain.length - 1 - trustProxy)];
  // Anything that is not an address was written by the client, not by a proxy we trust.
  return candidate && isIP(stripZone(candidate)) ? candidate : socketAddress;
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
  const all = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
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
