import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { FixedClock } from '../clock';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import type { RateLimitPolicy } from './rate-limit.policy';
import type { RateLimitStore } from './rate-limit.store';
import { RedisRateLimitStore } from './redis-rate-limit.store';

/** Needs a real Redis 7 (127.0.0.1:6379 unless REDIS_URL says otherwise); fails rather than skips without one. */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface StoreHarness {
  store: RateLimitStore;
  /** Lets time pass for the store: a fake clock for memory, real waiting for Redis. */
  elapse(ms: number): Promise<void>;
  /** How far the store's clock may move between two back-to-back calls (0 for a fake clock). */
  jitterMs: number;
}

/**
 * What every `RateLimitStore` must do, run once per implementation so both give the same
 * answers. Keys are random per test, so runs can share one Redis.
 */
function rateLimitStoreContract(
  setup: () => Promise<StoreHarness>,
  teardown: () => Promise<void> = async () => undefined,
): void {
  let h: StoreHarness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(teardown);

  // T = 500 ms per request; long enough that a real Redis round trip is a small fraction of it.
  const policy: RateLimitPolicy = { name: 'contract', limit: 4, windowMs: 2000 };
  const T = 500;
  const key = () => `k:${randomUUID()}`;
  const hitOnce = (k: string, p: RateLimitPolicy = policy) =>
    h.store.hit([{ key: k, policy: p }]).then((r) => ({ admitted: r.admitted, ...r.buckets[0]! }));

  it('admits exactly `limit` requests back to back from idle, counting down, then refuses', async () => {
    const k = key();
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push(await hitOnce(k));
    expect(seen.map((s) => [s.admitted, s.remaining, s.limit])).toEqual([
      [true, 3, 4],
      [true, 2, 4],
      [true, 1, 4],
      [true, 0, 4],
      [false, 0, 4],
    ]);
    const refused = seen[4]!;
    expect(refused.conforming).toBe(false);
    // One request's worth of time until there is room, and the whole bucket until it is full.
    expect(refused.retryAfterMs).toBeLessThanOrEqual(T);
    expect(refused.retryAfterMs).toBeGreaterThanOrEqual(T - h.jitterMs);
    expect(refused.resetMs).toBeLessThanOrEqual(4 * T);
    expect(refused.resetMs).toBeGreaterThanOrEqual(4 * T - h.jitterMs);
  });

  it('refills one request per interval and does not count refused requests', async () => {
    const k = key();
    for (let i = 0; i < 4; i++) expect((await hitOnce(k)).admitted).toBe(true);
    expect((await hitOnce(k)).admitted).toBe(false);
    expect((await hitOnce(k)).admitted).toBe(false);
    await h.elapse(T);
    // Had the two refusals been counted, nothing would be free yet.
    expect((await hitOnce(k)).admitted).toBe(true);
    expect((await hitOnce(k)).admitted).toBe(false);
  });

  it('is full again once the bucket has drained', async () => {
    const k = key();
    for (let i = 0; i < 4; i++) await hitOnce(k);
    await h.elapse(4 * T);
    const results = [];
    for (let i = 0; i < 5; i++) results.push((await hitOnce(k)).admitted);
    expect(results).toEqual([true, true, true, true, false]);
  });

  it('lets an idle client spend limit × burst at once', async () => {
    const k = key();
    const bursty: RateLimitPolicy = { name: 'bursty', limit: 2, windowMs: 1000, burst: 3 };
    const results = [];
    for (let i = 0; i < 7; i++) results.push(await hitOnce(k, bursty));
    expect(results.map((r) => r.admitted)).toEqual([true, true, true, true, true, true, false]);
    expect(results[0]!.limit).toBe(6);
    expect(results[0]!.remaining).toBe(5);
  });

  it('keeps buckets with different keys apart', async () => {
    const [a, b] = [key(), key()];
    for (let i = 0; i < 4; i++) await hitOnce(a);
    expect((await hitOnce(a)).admitted).toBe(false);
    expect(await hitOnce(b)).toMatchObject({ admitted: true, remaining: 3 });
  });

  it('counts a request in all of its buckets or in none', async () => {
    const [a, b] = [key(), key()];
    const strict: RateLimitPolicy = { name: 'strict', limit: 1, windowMs: 60_000 };
    const both = [
      { key: a, policy },
      { key: b, policy: strict },
    ];
    expect((await h.store.hit(both)).admitted).toBe(true);
    const refused = await h.store.hit(both);
    expect(refused.admitted).toBe(false);
    expect(refused.buckets.map((s) => s.conforming)).toEqual([true, false]);
    // Bucket a was counted once (the admitted request), not for the refused one.
    expect(refused.buckets[0]!.remaining).toBe(3);
    expect((await hitOnce(a)).remaining).toBe(2);
  });

  it('admits exactly the limit out of 200 concurrent requests', async () => {
    const k = key();
    const fifty: RateLimitPolicy = { name: 'fifty', limit: 50, windowMs: 600_000 };
    const results = await Promise.all(Array.from({ length: 200 }, () => h.store.hit([{ key: k, policy: fifty }])));
    expect(results.filter((r) => r.admitted)).toHaveLength(50);
  });
}

describe('MemoryRateLimitStore (store contract)', () => {
  rateLimitStoreContract(async () => {
    const clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
    return { store: new MemoryRateLimitStore({ clock }), elapse: async (ms) => clock.advance(ms), jitterMs: 0 };
  });
});

describe('RedisRateLimitStore (store contract)', () => {
  const prefix = `test:rate-limit:${randomUUID()}:`;
  let store: RedisRateLimitStore;

  afterAll(async () => {
    const admin = new Redis(REDIS_URL);
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
  });

  rateLimitStoreContract(
    async () => {
      store = new RedisRateLimitStore({ redis: REDIS_URL, keyPrefix: prefix });
      return { store, elapse: (ms) => new Promise<void>((r) => setTimeout(r, ms)), jitterMs: 100 };
    },
    () => store.close(),
  );

  it('admits exactly the limit from 200 concurrent requests over two connections', async () => {
    const connections = [new Redis(REDIS_URL), new Redis(REDIS_URL)];
    const stores = connections.map((redis) => new RedisRateLimitStore({ redis, keyPrefix: prefix }));
    const policy: RateLimitPolicy = { name: 'shared', limit: 50, windowMs: 600_000 };
    const key = `shared:${randomUUID()}`;
    try {
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => stores[i % 2]!.hit([{ key, policy }])));
      expect(results.filter((r) => r.admitted)).toHaveLength(50);
    } finally {
      await Promise.all(connections.map((c) => c.quit()));
    }
  });
});
