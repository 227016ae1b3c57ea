import { type AddressInfo } from 'node:net';
import http from 'node:http';
import { createWellKnownFetch, isPublicAddress } from './well-known-fetch';

describe('well-known fetch', () => {
  it.each([
    ['8.8.8.8', true],
    ['172.32.0.1', true],
    ['2606:4700:4700::1111', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::', false],
    ['::1', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:8.8.8.8', true],
    ['example.com', false],
  ])('isPublicAddress(%j) is %j', (ip, expected) => {
    expect(isPublicAddress(ip)).toBe(expected);
  });

  describe('against a local server', () => {
    let server: http.Server;
    let base: string;
    const hits: string[] = [];

    beforeAll(async () => {
      server = http.createServer((req, res) => {
        hits.push(req.url ?? '');
        if (req.url === '/moved') res.writeHead(302, { location: '/target' }).end();
        else res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://localhost:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
    beforeEach(() => hits.splice(0));

    const init = () => ({ signal: AbortSignal.timeout(2000), redirect: 'manual' as const, headers: {} });

    it('refuses to connect to a name that resolves to loopback, before sending anything', async () => {
      await expect(createWellKnownFetch()(`${base}/x`, init())).rejects.toThrow(
        /localhost resolves only to private, loopback/,
      );
      await expect(createWellKnownFetch()(`${base.replace('localhost', '127.0.0.1')}/x`, init())).rejects.toThrow(
        /127\.0\.0\.1 resolves only/,
      );
      expect(hits).toEqual([]);
    });

    it('fetches when the address is allowed, and does not follow redirects', async () => {
      const fetch = createWellKnownFetch({ allowAddress: () => true });
      const ok = await fetch(`${base}/x`, init());
      expect([ok.status, await ok.text(), ok.headers.get('content-type')]).toEqual([200, 'hello', 'text/plain']);
      const moved = await fetch(`${base}/moved`, init());
      expect([moved.status, moved.headers.get('location')]).toEqual([302, '/target']);
      expect(hits).toEqual(['/x', '/moved']);
    });
  });
});
