import { randomBytes } from 'node:crypto';
import { FixedClock } from '@mcp-hub/http';
import { type TestHub, createTestHub, serverJson, useTestHub } from '../../../test/harness';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Abuse limits: request rates per IP and per token (in memory and in Redis), publish quotas. */
describe('abuse limits', () => {
  describe('rate limits in this process (the embedded default)', () => {
    const hub = useTestHub({ env: { HUB_RATE_LIMIT: '5', HUB_RATE_LIMIT_BURST: '1' } });

    it('counts down in RateLimit-* headers, then answers 429 with Retry-After and a problem body', async () => {
      const remaining: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await hub.request('GET', '/v0.1/servers');
        expect(res.status).toBe(200);
        expect(res.headers.get('ratelimit-limit')).toBe('5');
        remaining.push(res.headers.get('ratelimit-remaining')!);
      }
      expect(remaining).toEqual(['4', '3', '2', '1', '0']);
      const refused = await hub.request('GET', '/v0.1/servers');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
      // Health probes are never limited.
      expect((await hub.request('GET', '/healthz')).status).toBe(200);
    });

    it('limits each visitor the web site (a loopback proxy) names in X-Forwarded-For, not the site', async () => {
      const from = (visitor: string) =>
        hub.request('GET', '/v0.1/servers', { headers: { 'x-forwarded-for': visitor } });
      for (let i = 0; i < 5; i++) expect((await from('203.0.113.10')).status).toBe(200);
      expect((await from('203.0.113.10')).status).toBe(429);
      // Another visitor through the same site has their own allowance.
      expect((await from('203.0.113.20')).status).toBe(200);
      // A visitor cannot step around their limit by writing their own header: the site appends
      // the address it was called from, and that last hop is the one believed.
      expect((await from('192.0.2.1, 203.0.113.10')).status).toBe(429);
    });
  });

  describe('rate limits in Redis, shared by two Hub processes', () => {
    const hubs: TestHub[] = [];
    const prefix = `test-${randomBytes(6).toString('hex')}:`;
    beforeAll(async () => {
      for (let i = 0; i < 2; i++) {
        hubs.push(
          await createTestHub({
            env: { HUB_RATE_LIMIT: '20', HUB_RATE_LIMIT_BURST: '1', REDIS_URL, REDIS_KEY_PREFIX: prefix },
          }),
        );
      }
      // Two Hubs one after the other (PGlite boots in seconds on an idle machine, far slower on a loaded one).
    }, 90_000);
    afterAll(async () => {
      for (const hub of hubs) await hub.close();
    });

    it('admits exactly the allowance of 120 concurrent requests spread over both', async () => {
      const statuses = await Promise.all(
        Array.from({ length: 120 }, (_, i) => hubs[i % 2]!.request('GET', '/v0.1/servers').then((r) => r.status)),
      );
      const admitted = statuses.filter((s) => s === 200).length;
      // 20 a minute refill one every 3 s: a slow run may earn one more.
      expect(admitted).toBeGreaterThanOrEqual(20);
      expect(admitted).toBeLessThanOrEqual(21);
      expect(statuses.filter((s) => s !== 200).every((s) => s === 429)).toBe(true);
    });

    it('gives each token its own allowance, on top of the address limit', async () => {
      // The address is spent: a token does not get around it.
      const res = await hubs[0]!.request('GET', '/v0.1/servers', { token: hubs[0]!.adminToken });
      expect(res.status).toBe(429);
      expect(res.body.detail).toMatch(/client address/);
    });
  });

  describe('publish quota per namespace per day', () => {
    let hub: TestHub;
    const clock = new FixedClock(new Date());
    const ns = `com.quota-${Date.now().toString(36)}`;
    let token: string;
    beforeAll(async () => {
      hub = await createTestHub({ clock, env: { HUB_PUBLISH_QUOTA: '3' } });
      const minted = await hub.request('POST', '/api/v1/tokens', {
        token: hub.adminToken,
        body: { namespace: `${ns}/*`, scopes: ['publish'] },
      });
      token = minted.body.token;
      const other = await hub.request('POST', '/api/v1/tokens', {
        token: hub.adminToken,
        body: { namespace: `${ns}-other/*`, scopes: ['publish'] },
      });
      expect(
        (
          await hub.request('POST', '/v0.1/publish', {
            token: other.body.token,
            body: serverJson(`${ns}-other/a`, '1.0.0'),
          })
        ).status,
      ).toBe(200);
    });
    afterAll(() => hub?.close());

    it('refuses the publish over the quota with 429, until the window has moved on', async () => {
      const start = clock.now();
      for (const v of ['1.0.0', '1.0.1', '1.0.2']) {
        expect((await hub.request('POST', '/v0.1/publish', { token, body: serverJson(`${ns}/a`, v) })).status).toBe(
          200,
        );
        clock.advance(60_000);
      }
      const over = await hub.request('POST', '/v0.1/publish', { token, body: serverJson(`${ns}/b`, '1.0.0') });
      expect(over.status).toBe(429);
      expect(over.body.detail).toContain(`${ns} has published 3 versions in the last 24 hours`);
      expect(over.body.detail).toContain(`from ${new Date(start.getTime() + 86_400_000).toISOString()}`);
      // Nothing was written.
      expect((await hub.request('GET', `/v0.1/servers/${encodeURIComponent(`${ns}/b`)}/versions`)).status).toBe(404);
      // An instance admin is not held to it.
      expect(
        (await hub.request('POST', '/v0.1/publish', { token: hub.adminToken, body: serverJson(`${ns}/c`, '1.0.0') }))
          .status,
      ).toBe(200);

      clock.advance(24 * 3_600_000 + 60_000);
      expect((await hub.request('POST', '/v0.1/publish', { token, body: serverJson(`${ns}/b`, '1.0.0') })).status).toBe(
        200,
      );
    });
  });

  it('refuses a request body over HUB_BODY_LIMIT_BYTES with 413 and a problem body', async () => {
    const hub = await createTestHub({ env: { HUB_BODY_LIMIT_BYTES: '2048' } });
    try {
      const big = serverJson('com.example/big', '1.0.0', { description: 'x'.repeat(4000) });
      const res = await hub.request('POST', '/v0.1/publish', { token: hub.adminToken, body: big });
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    } finally {
      await hub.close();
    }
  });
});
