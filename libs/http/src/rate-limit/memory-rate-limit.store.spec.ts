import { FixedClock } from '../clock';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import type { RateLimitPolicy } from './rate-limit.policy';

/** The behaviour both stores share is in rate-limit.store.spec.ts; this is memory's own. */
describe('MemoryRateLimitStore', () => {
  const minute: RateLimitPolicy = { name: 'm', limit: 1, windowMs: 60_000 };
  const start = () => new FixedClock(new Date('2026-01-01T00:00:00Z'));

  it('drops buckets once they are full again, without a timer', async () => {
    const clock = start();
    const store = new MemoryRateLimitStore({ clock });
    for (let i = 0; i < 3; i++) await store.hit([{ key: `old-${i}`, policy: minute }]);
    expect(store.size).toBe(3);
    clock.advance(60_000);
    await store.hit([{ key: 'new', policy: minute }]);
    expect(store.size).toBe(1);
  });

  it('never holds more than maxKeys buckets, and keeps the most recent ones limited', async () => {
    const store = new MemoryRateLimitStore({ clock: start(), maxKeys: 100 });
    for (let i = 0; i < 1000; i++) {
      await store.hit([{ key: `client-${i}`, policy: minute }]);
      expect(store.size).toBeLessThanOrEqual(100);
    }
    expect((await store.hit([{ key: 'client-999', policy: minute }])).admitted).toBe(false);
  });

  it('refuses a cap too small to hold the buckets of one request', () => {
    expect(() => new MemoryRateLimitStore({ maxKeys: 10 })).toThrow(/maxKeys/);
  });
});
