import { enc, serverJson, uniqueName, useTestHub } from '../../../test/harness';

const OFFICIAL = 'io.modelcontextprotocol.registry/official';

describe('registry API: publish and read', () => {
  const hub = useTestHub();

  it('publishes a server and serves it from every read route, unchanged', async () => {
    const name = uniqueName();
    const doc = serverJson(name, '1.0.0', { title: 'Weather', websiteUrl: 'https://example.com/w' });
    const pub = await hub.request('POST', '/v0.1/publish', { body: doc, token: hub.adminToken });
    expect(pub.status).toBe(200);
    expect(pub.body.server).toEqual(doc);
    const meta = pub.body._meta[OFFICIAL];
    expect(meta).toMatchObject({ status: 'active', isLatest: true });
    expect(Date.parse(meta.publishedAt)).not.toBeNaN();

    const detail = await hub.request('GET', `/v0.1/servers/${enc(name)}/versions/1.0.0`);
    expect(detail.status).toBe(200);
    expect(detail.body.server).toEqual(doc);

    const latest = await hub.request('GET', `/v0.1/servers/${enc(name)}/versions/latest`);
    expect(latest.body.server.version).toBe('1.0.0');

    const versions = await hub.request('GET', `/v0.1/servers/${enc(name)}/versions`);
    expect(versions.body.servers).toHaveLength(1);
    expect(versions.body.metadata.count).toBe(1);

    const list = await hub.request('GET', `/v0.1/servers?search=${enc(name.split('/')[1]!.toUpperCase())}`);
    expect(list.body.servers.map((s: any) => s.server.name)).toEqual([name]);
  });

  it('serves the same handlers under /v0', async () => {
    const name = uniqueName();
    await hub.request('POST', '/v0/publish', { body: serverJson(name, '2.0.0'), token: hub.adminToken });
    const res = await hub.request('GET', `/v0/servers/${enc(name)}/versions/latest`);
    expect(res.status).toBe(200);
    expect(res.body.server.version).toBe('2.0.0');
  });

  it('lists newest publication first in version history', async () => {
    const name = uniqueName();
    for (const v of ['1.0.0', '1.1.0', '0.9.0']) {
      expect(
        (await hub.request('POST', '/v0.1/publish', { body: serverJson(name, v), token: hub.adminToken })).status,
      ).toBe(200);
    }
    const res = await hub.request('GET', `/v0.1/servers/${enc(name)}/versions`);
    expect(res.body.servers.map((s: any) => s.server.version)).toEqual(['0.9.0', '1.1.0', '1.0.0']);
    expect(res.body.servers.map((s: any) => s._meta[OFFICIAL].isLatest)).toEqual([false, true, false]);
  });

  it('accepts versions with build metadata through URL encoding', async () => {
    const name = uniqueName();
    await hub.request('POST', '/v0.1/publish', {
      body: serverJson(name, '1.0.0+20130313144700'),
      token: hub.adminToken,
    });
    const res = await hub.request('GET', `/v0.1/servers/${enc(name)}/versions/${enc('1.0.0+20130313144700')}`);
    expect(res.status).toBe(200);
    expect(res.body.server.version).toBe('1.0.0+20130313144700');
  });

  it('serves a long non-ASCII version whose encoded form is far longer', async () => {
    const name = uniqueName();
    const version = `1.0.0-${'é'.repeat(200)}`; // 206 characters, 1,206 once percent-encoded
    expect(
      (await hub.request('POST', '/v0.1/publish', { body: serverJson(name, version), token: hub.adminToken })).status,
    ).toBe(200);
    const res = await hub.request('GET', `/v0.1/servers/${enc(name)}/versions/${enc(version)}`);
    expect(res.status).toBe(200);
    expect(res.body.server.version).toBe(version);
  });

  it('filters the list by exact version and by latest', async () => {
    const name = uniqueName('io.github.filter');
    for (const v of ['1.0.0', '2.0.0'])
      await hub.request('POST', '/v0.1/publish', { body: serverJson(name, v), token: hub.adminToken });
    const latest = await hub.request('GET', `/v0.1/servers?search=${enc(name)}&version=latest`);
    expect(latest.body.servers.map((s: any) => s.server.version)).toEqual(['2.0.0']);
    const exact = await hub.request('GET', `/v0.1/servers?search=${enc(name)}&version=1.0.0`);
    expect(exact.body.servers.map((s: any) => s.server.version)).toEqual(['1.0.0']);
  });

  it('answers 404 problems for unknown servers and versions', async () => {
    const name = uniqueName();
    for (const path of [
      `/v0.1/servers/${enc(name)}/versions`,
      `/v0.1/servers/${enc(name)}/versions/1.0.0`,
      `/v0.1/servers/${enc(name)}/versions/latest`,
    ]) {
      const res = await hub.request('GET', path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 404, title: 'Not Found' });
      expect(res.body.detail).toContain(name);
    }
  });

  it('reports health', async () => {
    expect((await hub.request('GET', '/v0.1/health')).body).toEqual({ status: 'ok' });
    const z = await hub.request('GET', '/healthz');
    expect(z.status).toBe(200);
    expect(z.body.checks.database).toMatchObject({ kind: hub.dbKind, status: 'ok' });
  });

  it('serves the generated OpenAPI document and Swagger UI', async () => {
    const doc = await hub.request('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    for (const p of [
      '/v0.1/servers',
      '/v0.1/servers/{serverName}/versions',
      '/v0.1/servers/{serverName}/versions/{version}',
      '/v0.1/publish',
      '/api/v1/tokens',
    ]) {
      expect(doc.body.paths).toHaveProperty([p]);
    }
    const ui = await hub.request('GET', '/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });
});

describe('dated server.json schemas', () => {
  const hub = useTestHub();

  // The 2025-07-09 format spelled fields in snake_case; its $schema must select its own rules.
  const legacy = (name: string, schema: string) => ({
    $schema: schema,
    name,
    description: 'legacy shape',
    version: '1.0.0',
    packages: [{ registry_type: 'npm', identifier: '@legacy/pkg', version: '1.0.0', transport: { type: 'stdio' } }],
  });

  it('validates each document against the schema its $schema names', async () => {
    const name = uniqueName();
    const old = legacy(name, 'https://static.modelcontextprotocol.io/schemas/2025-07-09/server.schema.json');
    const check = await hub.request('POST', '/v0.1/validate', { body: old });
    expect(check.body).toEqual({ valid: true, schema: '2025-07-09', errors: [] });
    const pub = await hub.request('POST', '/v0.1/publish', { body: old, token: hub.adminToken });
    expect(pub.status).toBe(200);
    expect(pub.body.server).toEqual(old);

    const asCurrent = legacy(
      uniqueName(),
      'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    );
    const refused = await hub.request('POST', '/v0.1/publish', { body: asCurrent, token: hub.adminToken });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: any) => e.location)).toContain('body.packages[0].registryType');
  });
});
