import { checkPublicAddress } from './network-address';

describe('checkPublicAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['169.254.10.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd00::1', 'private'],
    ['0.0.0.0', 'reserved'],
    ['::', 'reserved'],
    ['100.64.0.1', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['2002:0a00:0001::1', 'private'],
    ['[::1]', 'loopback'],
  ])('refuses %s (%s)', (ip, kind) => {
    const v = checkPublicAddress(ip);
    expect(v.allowed).toBe(false);
    expect(v.reason).toContain(kind === 'metadata' ? 'metadata' : kind === 'reserved' ? 'non-public' : kind);
  });

  it.each(['1.1.1.1', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (ip) => {
    expect(checkPublicAddress(ip)).toEqual({ allowed: true });
  });

  it('refuses what is not an IP address', () => {
    expect(checkPublicAddress('example.com')).toEqual({ allowed: false, reason: 'example.com is not an IP address' });
  });
});
