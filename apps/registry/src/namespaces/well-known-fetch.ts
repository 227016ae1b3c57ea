import { type LookupAddress, lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, type LookupFunction, isIP } from 'node:net';
import { Readable } from 'node:stream';

/** The part of `fetch` the verifier uses; the global `fetch` satisfies it. */
export type FetchLike = (
  url: string,
  init: { signal: AbortSignal; redirect: 'manual'; headers: Record<string, string> },
) => Promise<Response>;

const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", includes the unspecified address
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, includes cloud metadata endpoints
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const)
  NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  NON_PUBLIC.addSubnet(net, prefix, 'ipv6');
// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) need no rule: BlockList judges them by the IPv4 rules.

/** Whether an IP address is on the public internet (not loopback, private, link-local, …). */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  return !NON_PUBLIC.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

export class AddressRefusedError extends Error {
  constructor(readonly host: string) {
    super(`${host} resolves only to private, loopback or otherwise non-public addresses`);
    this.name = 'AddressRefusedError';
  }
}

/**
 * A `fetch` for well-known proof files that only connects to public addresses. The address is
 * checked in the connection's own DNS lookup, so a name that resolves to a public address for a
 * check and a private one for the connection (DNS rebinding) cannot slip through. Without this,
 * anyone could make the registry request URLs inside its own network by claiming a domain that
 * points there. Redirects are never followed.
 */
export function createWellKnownFetch(options: { allowAddress?: (ip: string) => boolean } = {}): FetchLike {
  const allow = options.allowAddress ?? isPublicAddress;

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { all: true, family: lookupOptions.family }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const allowed = addresses.filter((a) => allow(a.address));
      if (!allowed.length) return callback(new AddressRefusedError(hostname), '', 0);
      if (lookupOptions.all) return callback(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };

  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const target = new URL(url);
      const literal = target.hostname.replace(/^\[|\]$/g, '');
      // Connections to IP literals skip the lookup above, so they are checked here.
      if (isIP(literal) && !allow(literal)) return reject(new AddressRefusedError(literal));
      const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
      if (!client) return reject(new TypeError(`unsupported protocol ${target.protocol}`));
      const request = client.get(
        target,
        { lookup, signal: init.signal, headers: init.headers, agent: false },
        (res) => {
          const status = res.statusCode ?? 0;
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          const bodyless = [204, 205, 304].includes(status);
          if (bodyless) res.resume();
          try {
            resolve(
              new Response(bodyless ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), { status, headers }),
            );
          } catch (err) {
            res.destroy();
            reject(err);
          }
        },
      );
      request.on('error', reject);
    });
}
