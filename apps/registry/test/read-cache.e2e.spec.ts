import crypto from 'node:crypto';
import { createTestHub, enc, eventually, serverJson, testDbKind, uniqueName, useTestHub } from '../../../test/harness';

const OFFICIAL = 'io.modelcontextprotocol.registry/official';

describe('read cache', () => {
  const hub = useTestHub();

  it('serves repeated reads from cache and never serves a stale one after a write', async () => {
    const name = uniqueName();
    await hub.request('POST', '/v0.1/publish', { body: serverJson(name, '1.0.0'), token: hub.adminToken });
    const path = `/v0.1/servers/${enc(name)}/versions/latest`;
    const first = await hub.request('GET', path);
    const second = await hub.request('GET', path);
    expect([first.headers.get('x-hub-cache'), second.headers.get('x-hub-cache')]).toEqual(['miss', 'hit']);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('content-type')).toContain('application/json');

    await hub.request('POST', '/v0.1/publish', { body: serverJson(name, '2.0.0'), token: hub.adminToken });
    const after = await hub.request('GET', path);
    expect(after.headers.get('x-hub-cache')).toBe('miss');
    expect(after.body.server.version).toBe('2.0.0');

    await hub.request('PATCH', `/v0.1/servers/${enc(name)}/versions/2.0.0/status`, {
      body: { status: 'deleted' },
      token: hub.adminToken,
    });
    expect((await hub.request('GET', path)).body.server.version).toBe('1.0.0');
  });

  it('drops only the written server and the lists; other servers stay cached', async () => {
    const a = uniqueName();
    const b = uniqueName();
    for (const n of [a, b])
      await hub.request('POST', '/v0.1/publish', { body: serverJson(n, '1.0.0'), token: hub.adminToken });
    const pathA = `/v0.1/servers/${enc(a)}/versions/latest`;
    const pathB = `/v0.1/servers/${enc(b)}/versions`;
    const list = `/v0.1/servers?search=${enc(a)}`;
    for (const path of [pathA, pathB, list]) await hub.request('GET', path);
    for (const path of [pathA, pathB, list])
      expect((await hub.request('GET', path)).headers.get('x-hub-cache')).toBe('hit');

    await hub.request('POST', '/v0.1/publish', { body: serverJson(a, '1.1.0'), token: hub.adminToken });
    const afterA = await hub.request('GET', pathA);
    const afterB = await hub.request('GET', pathB);
    const afterList = await hub.request('GET', list);
    expect(afterA.headers.get('x-hub-cache')).toBe('miss');
    expect(afterA.body.server.version).toBe('1.1.0');
    expect(afterB.headers.get('x-hub-cache')).toBe('hit');
    expect(afterList.headers.get('x-hub-cache')).toBe('miss');
    expect(afterList.body.servers.map((e: any) => e.server.version)).toEqual(['1.0.0', '1.1.0']);
  });

  it('keeps the ETag with the cached bytes: a hit is not hashed again, and revalidates to 304', async () => {
    const name = uniqueName();
    await hub.request('POST', '/v0.1/publish', { body: serverJson(name, '1.0.0'), token: hub.adminToken });
    const list = `/v0.1/servers?search=${enc(name)}`;
    // On Postgres the publish is also announced through LISTEN, and that notice drops the lists again
    // when it lands: wait for an entry that stays (a miss followed by a hit), then count the hashing.
    const miss = await eventually(async () => {
      const first = await hub.request('GET', list);
      return first.headers.get('x-hub-cache') === 'miss' &&
        (await hub.request('GET', list)).headers.get('x-hub-cache') === 'hit'
        ? first
        : undefined;
    });
    const etag = miss.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{32}"$/);

    // The Hub runs in this process, so its hashing is counted here.
    const hashes = jest.spyOn(crypto, 'createHash');
    try {
      const hit = await hub.request('GET', list);
      expect(hit.headers.get('x-hub-cache')).toBe('hit');
      expect(hit.headers.get('etag')).toBe(etag);
      expect(hit.text).toBe(miss.text);
      const revalidated = await hub.request('GET', list, { headers: { 'if-none-match': etag! } });
      expect(revalidated.status).toBe(304);
      // ETags are SHA-256; other libraries in the process may hash with other algorithms.
      expect(hashes.mock.calls.filter(([algorithm]) => algorithm === 'sha256')).toEqual([]);
    } finally {
      hashes.mockRestore();
    }
    expect(crypto.createHash('sha256').update(miss.text).digest('base64url').slice(0, 32)).toBe(etag!.slice(1, -1));
  });

  it('does not cache errors or credentialed requests', async () => {
    const missing = `/v0.1/servers/${enc(uniqueName())}/versions`;
    expect((await hub.request('GET', missing)).status).toBe(404);
    expect((await hub.request('GET', missing)).headers.get('x-hub-cache')).not.toBe('hit');
    const withToken = await hub.request('GET', '/v0.1/servers?limit=1', { token: hub.adminToken });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('x-hub-cache')).toBeNull();
  });

  it('can be turned off', async () => {
    const off = await createTestHub({ env: { HUB_READ_CACHE_MB: '0' } });
    try {
      const res = await off.request('GET', '/v0.1/servers');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-hub-cache')).toBeNull();
    } finally {
      await off.close();
    }
  });

  if (testDbKind() === 'postgres') {
    it('drops entries when another process writes to the same database', async () => {
      const other = await createTestHub({ databaseUrl: hub.databaseUrl, adminToken: hub.adminToken });
      try {
        const name = uniqueName();
        expect(
          (await hub.request('POST', '/v0.1/publish', { body: serverJson(name, '1.0.0'), token: hub.adminToken }))
            .status,
        ).toBe(200);
        const path = `/v0.1/servers/${enc(name)}/versions/1.0.0`;
        // The publish's own notification reaches the second instance asynchronously; wait until
        // it has settled and the entry is cached there.
        let cached = '';
        for (let i = 0; i < 100 && cached !== 'hit'; i++) {
          cached = (await other.request('GET', path)).headers.get('x-hub-cache') ?? '';
          if (cached !== 'hit') await new Promise((r) => setTimeout(r, 20));
        }
        expect(cached).toBe('hit');

        // The write happens in the first instance; the second learns of it through Postgres.
        const patched = await hub.request('PATCH', `${path}/status`, {
          body: { status: 'deprecated', statusMessage: 'use 2' },
          token: hub.adminToken,
        });
        expect(patched.status).toBe(200);
        let status = '';
        for (let i = 0; i < 100 && status !== 'deprecated'; i++) {
          status = (await other.request('GET', path)).body._meta[OFFICIAL].status;
          if (status !== 'deprecated') await new Promise((r) => setTimeout(r, 20));
        }
        expect(status).toBe('deprecated');
      } finally {
        await other.close();
      }
    });
  }
});
