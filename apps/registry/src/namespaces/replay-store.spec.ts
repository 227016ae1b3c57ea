import { InMemoryReplayStore } from './replay-store';

describe('in-memory replay store', () => {
  it('lets a key be claimed once until it expires, then forgets it', async () => {
    let now = Date.parse('2026-05-01T12:00:00Z');
    const store = new InMemoryReplayStore(() => new Date(now));
    const expiresAt = new Date(now + 15_000);

    expect(await store.claim('a', expiresAt)).toBe(true);
    expect(await store.claim('a', expiresAt)).toBe(false);
    expect(await store.claim('b', expiresAt)).toBe(true);

    now += 14_999;
    expect(await store.claim('a', expiresAt)).toBe(false);
    now += 1;
    expect(await store.claim('a', new Date(now + 15_000))).toBe(true);
  });

  it('drops expired keys so memory stays bounded', async () => {
    let now = Date.parse('2026-05-01T12:00:00Z');
    const store = new InMemoryReplayStore(() => new Date(now));
    for (let i = 0; i < 100; i++) await store.claim(`k${i}`, new Date(now + 15_000));
    expect(store.size).toBe(100);
    now += 30_000;
    await store.claim('later', new Date(now + 15_000));
    expect(store.size).toBe(1);
  });
});
