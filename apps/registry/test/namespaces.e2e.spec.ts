import { enc, useTestHub } from '../../../test/harness';

describe('namespaces (what the verification badge reads)', () => {
  const hub = useTestHub();

  it('says whether a namespace is verified, how and since when', async () => {
    const ns = `com.badge-${Date.now().toString(36)}`;
    const before = await hub.request('GET', `/api/v1/namespaces/${ns}`);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ namespace: ns, verified: false });

    await hub.query(
      `insert into verified_namespaces (namespace, method, verified_at) values ('${ns}', 'dns', '2026-11-01T10:00:00Z')`,
    );
    const after = await hub.request('GET', `/api/v1/namespaces/${ns}`);
    expect(after.body).toEqual({
      namespace: ns,
      verified: true,
      method: 'dns',
      verifiedAt: '2026-11-01T10:00:00.000Z',
    });
    // Another namespace, even one that contains this one's name, is not verified by it.
    expect((await hub.request('GET', `/api/v1/namespaces/sub.${ns}`)).body).toEqual({
      namespace: `sub.${ns}`,
      verified: false,
    });
  });

  it('refuses what is not a namespace with a problem, not a 500', async () => {
    for (const bad of ['nodots', 'io.github.alice/weather', 'a..b', `${'x.'.repeat(150)}com`, 'com.exa mple']) {
      const res = await hub.request('GET', `/api/v1/namespaces/${enc(bad)}`);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.detail).toMatch(/is not a namespace/);
    }
  });
});
