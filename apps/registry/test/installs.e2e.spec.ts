import { type TestHub, createTestHub, enc, serverJson, uniqueName } from '../../../test/harness';

describe('install counts (most installed)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.close());

  it('counts reported installs and lists the most installed, most first', async () => {
    const a = uniqueName('io.github.counts');
    const b = uniqueName('io.github.counts');
    for (const n of [a, b]) expect((await hub.request('POST', '/v0.1/publish', { body: serverJson(n, '1.0.0', { title: `T ${n}` }), token: hub.adminToken })).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await hub.request('POST', `/api/v1/servers/${enc(a)}/installs`)).status).toBe(204);
    expect((await hub.request('POST', `/api/v1/servers/${enc(b)}/installs`)).status).toBe(204);

    const res = await hub.request('GET', '/api/v1/stats/popular?limit=50');
    expect(res.status).toBe(200);
    const mine = res.body.servers.filter((s: { name: string }) => s.name === a || s.name === b);
    expect(mine).toEqual([
      { name: a, version: '1.0.0', title: `T ${a}`, description: expect.any(String), installs: 3 },
      { name: b, version: '1.0.0', title: `T ${b}`, description: expect.any(String), installs: 1 },
    ]);
  });

  it('refuses an unknown or removed server and counts nothing', async () => {
    const gone = uniqueName('io.github.counts');
    expect((await hub.request('POST', '/v0.1/publish', { body: serverJson(gone, '1.0.0'), token: hub.adminToken })).status).toBe(200);
    expect((await hub.request('PATCH', `/v0.1/servers/${enc(gone)}/versions/1.0.0/status`, { body: { status: 'deleted' }, token: hub.adminToken })).status).toBe(200);
    for (const n of [gone, 'io.github.nobody/nothing']) {
      const res = await hub.request('POST', `/api/v1/servers/${enc(n)}/installs`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await hub.query(`select * from install_counts where server_name = '${gone}'`)).toEqual([]);
    expect((await hub.request('GET', '/api/v1/stats/popular?limit=0')).status).toBe(400);
  });
});
