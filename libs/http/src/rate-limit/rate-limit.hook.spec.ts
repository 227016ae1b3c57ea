import { createHash } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { FixedClock } from '../clock';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { rateLimitHook, type RateLimitHookOptions } from './rate-limit.hook';
import type { RateLimitPolicy } from './rate-limit.policy';
import type { RateLimitBucket, RateLimitStore } from './rate-limit.store';
import { RedisRateLimitStore } from './redis-rate-limit.store';

const logger = () => ({ warn: jest.fn(), log: jest.fn() });

interface Served {
  app: FastifyInstance;
  /** A real HTTP request to the app: `Fastify.inject()` needs an ESM-only module Jest cannot load here. */
  call(path: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Response>;
}

async function serve(options: Partial<RateLimitHookOptions> & { store: RateLimitStore }): Promise<Served> {
  // As in createHttpApp, so `/health/` is the same route as `/health`.
  const app = Fastify({ routerOptions: { ignoreTrailingSlash: true } });
  app.addHook('onRequest', rateLimitHook({ logger: logger(), ...options }));
  app.get('/v0/servers', async () => ({ servers: [] }));
  app.post('/v0/publish', async () => ({ ok: true }));
  app.get('/health', async () => ({ status: 'ok' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return { app, call: (path, init) => fetch(base + path, init) };
}

const fixedClock = () => new FixedClock(new Date('2026-01-01T00:00:00Z'));
const perMinute = (name: string, limit: number): RateLimitPolicy => ({ name, limit, windowMs: 60_000 });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const detailOf = async (res: Response) => ((await res.json()) as { detail: string }).detail;
/** Header fields as a plain object, for toMatchObject. */
const fields = (res: Response) => Object.fromEntries(res.headers.entries());

describe('rateLimitHook', () => {
  const apps: FastifyInstance[] = [];
  const make = async (options: Partial<RateLimitHookOptions> & { store: RateLimitStore }) => {
    const served = await serve(options);
    apps.push(served.app);
    return served;
  };
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
  });

  it('defaults to the official registry: 180/min per IP, an idle client may burst 540', async () => {
    const clock = fixedClock();
    const app = await make({ store: new MemoryRateLimitStore({ clock }) });
    const first = await app.call('/v0/servers');
    expect(first.status).toBe(200);
    expect(fields(first)).toMatchObject({
      'ratelimit-limit': '540',
      'ratelimit-remaining': '539',
      'ratelimit-reset': '1',
      'ratelimit-policy': '180;w=60;burst=540',
    });
    for (let i = 1; i < 540; i++) expect((await app.call('/v0/servers')).status).toBe(200);
    expect((await app.call('/v0/servers')).status).toBe(429);
    clock.advance(334); // one request's worth: 60 s / 180
    expect((await app.call('/v0/servers')).status).toBe(200);
    expect((await app.call('/v0/servers')).status).toBe(429);
  });

  it('answers an over-limit request with 429, Retry-After and a problem document', async () => {
    const app = await make({
      store: new MemoryRateLimitStore({ clock: fixedClock() }),
      policies: { ip: perMinute('tight', 2) },
    });
    await app.call('/v0/servers');
    const last = await app.call('/v0/servers');
    expect(last.headers.get('ratelimit-remaining')).toBe('0');

    const refused = await app.call('/v0/servers?page=2');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.headers.get('retry-after')).toBe('30'); // 2 a minute: one every 30 s
    expect(fields(refused)).toMatchObject({
      'ratelimit-limit': '2',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '60',
      'ratelimit-policy': '2;w=60',
    });
    const problem = (await refused.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({
      type: 'https://mcp-hub.dev/problems/rate-limited',
      title: 'Too Many Requests',
      status: 429,
      instance: '/v0/servers',
    });
    expect(problem.detail).toBe(
      'Too many requests from this client address: the "tight" limit allows 2 requests per 60 seconds. Retry after 30 seconds.',
    );
  });

  it('gives Retry-After in whole seconds, at least 1', async () => {
    const fast: RateLimitPolicy = { name: 'fast', limit: 10, windowMs: 1000 };
    const app = await make({ store: new MemoryRateLimitStore({ clock: fixedClock() }), policies: { ip: fast } });
    for (let i = 0; i < 10; i++) await app.call('/v0/servers');
    const refused = await app.call('/v0/servers');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1'); // 100 ms rounded up
  });

  it('never limits exempt paths and gives them no RateLimit headers', async () => {
    const app = await make({
      store: new MemoryRateLimitStore({ clock: fixedClock() }),
      policies: { ip: perMinute('one', 1) },
      exempt: ['/health'],
    });
    await app.call('/v0/servers');
    expect((await app.call('/v0/servers')).status).toBe(429);
    for (const url of ['/health', '/health/', '/health?probe=1']) {
      const res = await app.call(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    }
  });

  it('limits each client address separately', async () => {
    // The clients sit behind one trusted proxy, which names them in X-Forwarded-For.
    const app = await make({
      store: new MemoryRateLimitStore({ clock: fixedClock() }),
      policies: { ip: perMinute('one', 1) },
      trustProxy: ['127.0.0.1'],
    });
    const from = (client: string) => app.call('/v0/servers', { headers: { 'x-forwarded-for': client } });
    expect((await from('203.0.113.1')).status).toBe(200);
    expect((await from('203.0.113.1')).status).toBe(429);
    expect((await from('203.0.113.2')).status).toBe(200);
  });

  it('limits each bearer token separately, on top of its address', async () => {
    const app = await make({
      store: new MemoryRateLimitStore({ clock: fixedClock() }),
      policies: { ip: perMinute('per-ip', 5), token: perMinute('per-token', 2) },
    });
    const get = (token: string) => app.call('/v0/servers', { headers: bearer(token) });
    expect((await get('alpha')).status).toBe(200);
    expect((await get('alpha')).status).toBe(200);
    const refused = await get('alpha');
    expect(refused.status).toBe(429);
    expect(await detailOf(refused)).toMatch(/^Too many requests for this API token: the "per-token" limit/);
    // Another token from the same address still has its own allowance...
    expect((await get('beta')).status).toBe(200);
    expect((await get('gamma')).status).toBe(200);
    // ...until the address's limit (5 admitted so far counts 2 + 1 + 1 = 4) is used up, whatever token is sent.
    expect((await get('delta')).status).toBe(200);
    const byAddress = await get('epsilon');
    expect(byAddress.status).toBe(429);
    expect(await detailOf(byAddress)).toMatch(/^Too many requests from this client address: the "per-ip" limit/);
  });

  it('keys token buckets by the SHA-256 of the token, never the token itself', async () => {
    const keys: string[] = [];
    const memory = new MemoryRateLimitStore({ clock: fixedClock() });
    const recording: RateLimitStore = {
      hit: (buckets: readonly RateLimitBucket[]) => {
        keys.push(...buckets.map((b) => b.key));
        return memory.hit(buckets);
      },
      close: () => memory.close(),
    };
    const app = await make({ store: recording });
    const token = 'mcphub_secret-token-value';
    await app.call('/v0/servers', { headers: bearer(token) });
    expect(keys).toEqual(['default:ip:127.0.0.1', `default:token:${createHash('sha256').update(token).digest('hex')}`]);
    expect(keys.join()).not.toContain(token);
  });

  it('applies a stricter policy to chosen routes in addition to the general one', async () => {
    const app = await make({
      store: new MemoryRateLimitStore({ clock: fixedClock() }),
      policies: { ip: perMinute('general', 100) },
      routes: [{ method: 'POST', path: /^\/v0\/publish$/, policies: { token: perMinute('publish', 1) } }],
    });
    const publish = () =>
      app.call('/v0/publish', {
        method: 'POST',
        headers: { ...bearer('t'), 'content-type': 'application/json' },
        body: '{}',
      });
    const first = await publish();
    expect(first.status).toBe(200);
    // The bucket closest to running out is reported; both policies are listed.
    expect(fields(first)).toMatchObject({
      'ratelimit-limit': '1',
      'ratelimit-remaining': '0',
      'ratelimit-policy': '1;w=60, 100;w=60',
    });
    const second = await publish();
    expect(second.status).toBe(429);
    expect(await detailOf(second)).toContain('"publish" limit');
    const read = await app.call('/v0/servers', { headers: bearer('t') });
    expect(read.status).toBe(200);
    // The refused publish did not count against the general limit: 2 of 100 used.
    expect(read.headers.get('ratelimit-remaining')).toBe('98');
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const policies = { ip: perMinute('one', 1) };
    const viaProxy = (app: Served, client: string) =>
      app.call('/v0/servers', { headers: { 'x-forwarded-for': client } });

    const trusting = await make({
      store: new MemoryRateLimitStore({ clock: fixedClock() }),
      policies,
      trustProxy: ['127.0.0.0/8'],
    });
    expect((await viaProxy(trusting, '198.51.100.7')).status).toBe(200);
    expect((await viaProxy(trusting, '198.51.100.8')).status).toBe(200);
    expect((await viaProxy(trusting, '198.51.100.7')).status).toBe(429);

    const direct = await make({ store: new MemoryRateLimitStore({ clock: fixedClock() }), policies });
    expect((await viaProxy(direct, '198.51.100.7')).status).toBe(200);
    expect((await viaProxy(direct, '198.51.100.8')).status).toBe(429);

    // Proxies are trusted, but this socket (127.0.0.1) is not one of them.
    const elsewhere = await make({
      store: new MemoryRateLimitStore({ clock: fixedClock() }),
      policies,
      trustProxy: ['10.0.0.0/8'],
    });
    expect((await viaProxy(elsewhere, '198.51.100.7')).status).toBe(200);
    expect((await viaProxy(elsewhere, '198.51.100.8')).status).toBe(429);
  });

  it('lets requests through, warning once, while the store is failing; and says when it is back', async () => {
    let down = true;
    const memory = new MemoryRateLimitStore({ clock: fixedClock() });
    const flaky: RateLimitStore = {
      hit: async (buckets) => {
        if (down) throw new Error('connection refused');
        return memory.hit(buckets);
      },
      close: async () => undefined,
    };
    const log = logger();
    const app = await make({ store: flaky, logger: log, policies: { ip: perMinute('one', 1) }, failOpenCooldownMs: 0 });

    for (let i = 0; i < 3; i++) {
      const res = await app.call('/v0/servers');
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    }
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0]![0]).toContain('connection refused');

    down = false;
    expect((await app.call('/v0/servers')).headers.get('ratelimit-limit')).toBe('1');
    expect((await app.call('/v0/servers')).status).toBe(429);
    expect(log.log).toHaveBeenCalledTimes(1);

    down = true;
    await app.call('/v0/servers');
    expect(log.warn).toHaveBeenCalledTimes(2);
  });

  it('does not ask a failed store again for every request during the cool-down', async () => {
    const hit = jest.fn(async () => {
      throw new Error('timeout');
    });
    const app = await make({ store: { hit, close: async () => undefined }, failOpenCooldownMs: 60_000 });
    for (let i = 0; i < 5; i++) expect((await app.call('/v0/servers')).status).toBe(200);
    expect(hit).toHaveBeenCalledTimes(1);
  });

  it('fails open when Redis is down', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    await new Promise<void>((r) => server.close(() => r()));

    const store = new RedisRateLimitStore({ redis: `redis://127.0.0.1:${port}`, timeoutMs: 300 });
    const log = logger();
    const app = await make({ store, logger: log, policies: { ip: perMinute('one', 1) }, failOpenCooldownMs: 0 });
    try {
      for (let i = 0; i < 3; i++) expect((await app.call('/v0/servers')).status).toBe(200);
      expect(log.warn).toHaveBeenCalledTimes(1);
    } finally {
      await store.close();
    }
  });

  it('refuses bad policies when the hook is built, not on the first request', () => {
    const store = new MemoryRateLimitStore();
    expect(() => rateLimitHook({ store, policies: { ip: { name: 'zero', limit: 0, windowMs: 1000 } } })).toThrow(
      /limit must be a positive integer/,
    );
    expect(() =>
      rateLimitHook({ store, policies: { ip: { name: 'x', limit: 1, windowMs: 1000, burst: 0.5 } } }),
    ).toThrow(/burst/);
    expect(() =>
      rateLimitHook({
        store,
        policies: { ip: perMinute('same', 10) },
        routes: [{ path: '/v0/publish', policies: { ip: perMinute('same', 1) } }],
      }),
    ).toThrow(/two different ip policies are named "same"/);
  });
});
