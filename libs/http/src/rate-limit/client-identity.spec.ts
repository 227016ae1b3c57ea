import type { FastifyRequest } from 'fastify';
import { bearerToken, clientFor, rateLimitAddress } from './client-identity';

const request = (socket: string, headers: Record<string, string> = {}, ip = socket) =>
  ({ ip, socket: { remoteAddress: socket }, headers }) as unknown as FastifyRequest;

describe('rateLimitAddress', () => {
  it('keys IPv4 by the address and IPv6 by its /64', () => {
    expect(rateLimitAddress('203.0.113.9')).toBe('203.0.113.9');
    expect(rateLimitAddress('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(rateLimitAddress('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(rateLimitAddress('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(rateLimitAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(rateLimitAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(rateLimitAddress('::1')).toBe('0:0:0:0::/64');
  });
});

describe('bearerToken', () => {
  it('takes the token of a Bearer authorization, whatever the scheme case', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('clientFor', () => {
  const chain = { 'x-forwarded-for': '192.0.2.66, 198.51.100.7' };

  it("uses Fastify's request.ip unless told to trust proxies", () => {
    expect(clientFor(request('10.0.0.1', chain))).toEqual({ ip: '10.0.0.1' });
    expect(clientFor(request('10.0.0.1', chain, '198.51.100.7'))).toEqual({ ip: '198.51.100.7' });
  });

  it('counts trusted hops from the right, so a client cannot choose its own address', () => {
    expect(clientFor(request('10.0.0.1', chain), 1).ip).toBe('198.51.100.7');
    expect(clientFor(request('10.0.0.1', chain), 2).ip).toBe('192.0.2.66');
    expect(clientFor(request('10.0.0.1', chain), 5).ip).toBe('192.0.2.66');
    expect(clientFor(request('10.0.0.1', chain), true).ip).toBe('192.0.2.66');
  });

  it('ignores a forwarded value that is not an address', () => {
    expect(clientFor(request('10.0.0.1', { 'x-forwarded-for': 'not-an-ip' }), true).ip).toBe('10.0.0.1');
  });

  it('carries the bearer token along', () => {
    expect(clientFor(request('10.0.0.1', { authorization: 'Bearer t0k' }))).toEqual({ ip: '10.0.0.1', token: 't0k' });
  });
});
