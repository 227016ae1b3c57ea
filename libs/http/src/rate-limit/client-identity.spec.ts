import type { FastifyRequest } from 'fastify';
import { bearerToken, clientFor, rateLimitAddress } from './client-identity';

const request = (socket: string, headers: Record<string, string> = {}) =>
  ({ ip: socket, socket: { remoteAddress: socket }, headers }) as unknown as FastifyRequest;

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
  const loopback = ['127.0.0.0/8', '::1'];

  it('takes the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientFor(request('10.0.0.1', chain))).toEqual({ ip: '10.0.0.1' });
    expect(clientFor(request('127.0.0.1', chain), [])).toEqual({ ip: '127.0.0.1' });
  });

  it('believes X-Forwarded-For only when the socket is a trusted proxy', () => {
    expect(clientFor(request('127.0.0.1', chain), loopback).ip).toBe('198.51.100.7');
    expect(clientFor(request('::1', chain), loopback).ip).toBe('198.51.100.7');
    expect(clientFor(request('::ffff:127.0.0.1', chain), loopback).ip).toBe('198.51.100.7');
    // From outside, the header is the client's own word.
    expect(clientFor(request('203.0.113.5', chain), loopback).ip).toBe('203.0.113.5');
    expect(clientFor(request('127.0.0.1'), loopback).ip).toBe('127.0.0.1');
  });

  it('walks trusted hops from the right, so a client cannot choose its own address', () => {
    const proxies = ['127.0.0.0/8', '10.0.0.0/8'];
    // client → 10.1.2.3 (trusted proxy) → the web site on loopback → the Hub
    expect(clientFor(request('127.0.0.1', { 'x-forwarded-for': '198.51.100.7, 10.1.2.3' }), proxies).ip).toBe(
      '198.51.100.7',
    );
    // The client wrote a first entry itself; the proxies appended its real address after it.
    expect(
      clientFor(request('127.0.0.1', { 'x-forwarded-for': '192.0.2.1, 198.51.100.7, 10.1.2.3' }), proxies).ip,
    ).toBe('198.51.100.7');
    // Every hop trusted: the leftmost is as far as anything is known.
    expect(clientFor(request('127.0.0.1', { 'x-forwarded-for': '10.9.9.9, 10.1.2.3' }), proxies).ip).toBe('10.9.9.9');
    // Several header lines are one list.
    expect(
      clientFor(request('127.0.0.1', { 'x-forwarded-for': ['198.51.100.7', '10.1.2.3'] as unknown as string }), proxies)
        .ip,
    ).toBe('198.51.100.7');
  });

  it('stops at a forwarded value that is not an address', () => {
    expect(clientFor(request('127.0.0.1', { 'x-forwarded-for': 'not-an-ip' }), loopback).ip).toBe('127.0.0.1');
    expect(
      clientFor(request('127.0.0.1', { 'x-forwarded-for': '192.0.2.1, 10.0.0.1:8080' }), ['127.0.0.1', '10.0.0.0/8'])
        .ip,
    ).toBe('127.0.0.1');
  });

  it('keys an IPv6 client behind a proxy by its /64', () => {
    expect(clientFor(request('127.0.0.1', { 'x-forwarded-for': '2001:db8:1:2::99' }), loopback).ip).toBe(
      '2001:db8:1:2::/64',
    );
  });

  it('carries the bearer token along', () => {
    expect(clientFor(request('10.0.0.1', { authorization: 'Bearer t0k' }))).toEqual({ ip: '10.0.0.1', token: 't0k' });
  });
});
