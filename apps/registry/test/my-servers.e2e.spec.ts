import { FIXTURE_FILE, type TestHub, createTestHub, enc, serverJson } from '../../../test/harness';

/** The dashboard's list: an admin may manage every server, most of them mirrored. */
describe('GET /api/v1/me/servers: published here or mirrored, by name', () => {
  let hub: TestHub;
  const names = (body: { servers: { name: string; source: string }[] }) => body.servers.map((s) => s.name);

  beforeAll(async () => {
    hub = await createTestHub({ env: { HUB_SEED_FILE: FIXTURE_FILE } });
    for (const name of ['io.github.mine/kube-helper', 'io.github.mine/tide_tables']) {
      expect(
        (await hub.request('POST', '/v0.1/publish', { body: serverJson(name, '1.0.0'), token: hub.adminToken })).status,
      ).toBe(200);
    }
  });
  afterAll(() => hub.close());

  const list = (query: string) =>
    hub.request('GET', `/api/v1/me/servers?limit=100&${query}`, { token: hub.adminToken });

  it('lists only the servers published here with source=local, only mirrored ones with source=upstream', async () => {
    const local = await list('source=local');
    expect(local.status).toBe(200);
    expect(names(local.body)).toEqual(['io.github.mine/kube-helper', 'io.github.mine/tide_tables']);
    const mirrored = await list('source=upstream');
    expect(mirrored.body.servers).toHaveLength(100);
    expect(mirrored.body.servers.every((s: { source: string }) => s.source === 'upstream')).toBe(true);
    expect(mirrored.body.nextCursor).toBeDefined();
  });

  it('keeps the servers whose name contains q, in any case, LIKE characters taken literally', async () => {
    const kube = await list(`q=${enc('KUBE')}`);
    expect(names(kube.body)).toContain('io.github.mine/kube-helper');
    expect(names(kube.body)).toContain('io.github.containers/kubernetes-mcp-server');
    expect(names(kube.body).every((n: string) => n.toLowerCase().includes('kube'))).toBe(true);
    expect(names((await list(`source=upstream&q=kube`)).body)).not.toContain('io.github.mine/kube-helper');
    // "_" is a letter here, not LIKE's "any one character".
    expect(names((await list(`q=${enc('tide_')}`)).body)).toEqual(['io.github.mine/tide_tables']);
    expect(names((await list(`q=${enc('e_t')}`)).body)).toEqual(['io.github.mine/tide_tables']);
  });

  it('refuses a source it does not know and an overlong q', async () => {
    const bad = await list('source=elsewhere');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ location: 'query.source', message: 'source must be local or upstream' }),
    ]);
    expect((await list(`q=${'x'.repeat(201)}`)).status).toBe(400);
  });
});
