import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import type { RateLimitPolicy } from './rate-limit.policy';
import { RedisRateLimitStore } from './redis-rate-limit.store';

/** Needs a real Redis 7 (127.0.0.1:6379 unless REDIS_URL says otherwise); fails rather than skips without one. */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** The behaviour both stores share is in rate-limit.store.spec.ts; this is Redis's own. */
describe('RedisRateLimitStore', () => {
  const prefix = `test:rate-limit:${randomUUID()}:`;
  const policy: RateLimitPolicy = { name: 'r', limit: 50, windowMs: 600_000 };
  let admin: Redis;

  beforeAll(async () => {
    admin = new Redis(REDIS_URL);
    await admin.ping();
  });

  afterAll(async () => {
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
  });

  it('stores one prefixed key per bucket that expires when the bucket is full again', async () => {
    const store = new RedisRateLimitStore({ redis: admin, keyPrefix: prefix });
    const key = `ttl:${randomUUID()}`;
    await store.hit([{ key, policy }]);
    await store.hit([{ key, policy }]);
    // Two requests at 12 s each: the bucket is full again, and the key gone, after 24 s.
    const ttl = await admin.pttl(`${prefix}${key}`);
    expect(ttl).toBeGreaterThan(23_000);
    expect(ttl).toBeLessThanOrEqual(24_000);
    expect(await admin.keys(`*${key}`)).toEqual([`${prefix}${key}`]);
  });

  it('loads its script again after the server forgot it', async () => {
    const store = new RedisRateLimitStore({ redis: admin, keyPrefix: prefix });
    await admin.script('FLUSH');
    expect((await store.hit([{ key: `flush:${randomUUID()}`, policy }])).admitted).toBe(true);
  });

  it('closes a connection it opened but not one it was given', async () => {
    const own = new RedisRateLimitStore({ redis: REDIS_URL, keyPrefix: prefix });
    await own.hit([{ key: `close:${randomUUID()}`, policy }]);
    await own.close();
    await expect(own.hit([{ key: `close:${randomUUID()}`, policy }])).rejects.toThrow();

    const given = new Redis(REDIS_URL);
    await new RedisRateLimitStore({ redis: given, keyPrefix: prefix }).close();
    expect(await given.ping()).toBe('PONG');
    await given.quit();
  });

  it('fails fast, rather than hangs, when Redis is unreachable', async () => {
    const store = new RedisRateLimitStore({ redis: `redis://127.0.0.1:${await closedPort()}`, timeoutMs: 300 });
    const started = Date.now();
    await expect(store.hit([{ key: 'down', policy }])).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
    await store.close();
  });
});
