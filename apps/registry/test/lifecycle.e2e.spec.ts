import { FixedClock } from '@mcp-hub/http';
import { enc, useTestHub, serverJson, uniqueName } from '../../../test/harness';

const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const HOUR = 3_600_000;

describe('versions: isLatest, immutability, status, unpublish', () => {
  const clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
  const hub = useTestHub({ clock });

  async function publish(name: string, version: string, token = hub.adminToken) {
    clock.advance(1000);
    return hub.request('POST', '/v0.1/publish', { body: serverJson(name, version), token });
  }
  async function latestOf(name: string): Promise<string | undefined> {
    const res = await hub.request('GET', `/v0.1/servers/${enc(name)}/versions/latest`);
    return res.status === 200 ? res.body.server.version : undefined;
  }
  async function flags(name: string): Promise<Record<string, boolean>> {
    const res = await hub.request('GET', `/v0.1/servers/${enc(name)}/versions?include_deleted=true`);
    return Object.fromEntries(res.body.servers.map((s: any) => [s.server.version, s._meta[OFFICIAL].isLatest]));
  }
  const setStatus = (name: string, version: string, body: unknown) =>
    hub.request('PATCH', `/v0.1/servers/${enc(name)}/versions/${enc(version)}/status`, { body, token: hub.adminToken });

  it.each([
    // [publish order, expected latest]
    [['1.0.0', '2.0.0'], '2.0.0'],
    [['2.0.0', '1.0.0'], '2.0.0'],
    [['1.0.0', '1.0.1-beta.1'], '1.0.1-beta.1'],
    [['1.0.0', '1.0.0-rc.1'], '1.0.0'], // a pre-release sorts before its release
    [['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta'], '1.0.0-beta'],
    [['1.2.3', '2025-06-18'], '2025-06-18'], // non-semantic versions always become latest
    [['2025-06-18', '1.0.0'], '1.0.0'], // a semantic version beats a non-semantic latest
    [['v1.0', 'v0.9'], 'v0.9'], // neither semantic: the newest publication wins
    [['1.9.0', '1.10.0'], '1.10.0'], // numeric, not string, ordering
  ])('publishing %j makes %s latest', async (order, expected) => {
    const name = uniqueName();
    for (const v of order) expect((await publish(name, v)).status).toBe(200);
    expect(await latestOf(name)).toBe(expected);
    const f = await flags(name);
    expect(Object.values(f).filter(Boolean)).toHaveLength(1);
    expect(f[expected]).toBe(true);
  });

  it('never lets a published version change: republishing is 409 and the original stays', async () => {
    const name = uniqueName();
    await publish(name, '1.0.0');
    const again = await hub.request('POST', '/v0.1/publish', {
      body: serverJson(name, '1.0.0', { description: 'changed' }),
      token: hub.adminToken,
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/immutable/);
    const res = await hub.request('GET', `/v0.1/servers/${enc(name)}/versions/1.0.0`);
    expect(res.body.server.description).toBe('A test server');
  });

  it('keeps one version when the same new version is published concurrently', async () => {
    const name = uniqueName();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        hub.request('POST', '/v0.1/publish', {
          body: serverJson(name, '1.0.0', { title: `t${i}` }),
          token: hub.adminToken,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    const versions = await hub.request('GET', `/v0.1/servers/${enc(name)}/versions`);
    expect(versions.body.servers).toHaveLength(1);
  });

  it('keeps exactly one latest under concurrent publishes of different versions', async () => {
    const name = uniqueName();
    const versions = ['1.0.0', '1.1.0', '1.2.0', '2.0.0', '0.1.0', '1.5.0'];
    const results = await Promise.all(
      versions.map((v) => hub.request('POST', '/v0.1/publish', { body: serverJson(name, v), token: hub.adminToken })),
    );
    expect(results.map((r) => r.status)).toEqual(versions.map(() => 200));
    const f = await flags(name);
    expect(Object.entries(f).filter(([, l]) => l)).toEqual([['2.0.0', true]]);
  });

  it('recomputes latest when the latest is deprecated, deleted, or restored', async () => {
    const name = uniqueName();
    for (const v of ['1.0.0', '2.0.0', '3.0.0']) await publish(name, v);
    expect(await latestOf(name)).toBe('3.0.0');

    const dep = await setStatus(name, '3.0.0', { status: 'deprecated', statusMessage: 'broken build, use 2.0.0' });
    expect(dep.status).toBe(200);
    expect(dep.body._meta[OFFICIAL]).toMatchObject({
      status: 'deprecated',
      statusMessage: 'broken build, use 2.0.0',
      isLatest: false,
    });
    expect(await latestOf(name)).toBe('2.0.0');

    expect((await setStatus(name, '2.0.0', { status: 'deleted', statusMessage: 'malware' })).status).toBe(200);
    expect(await latestOf(name)).toBe('1.0.0');
    expect((await hub.request('GET', `/v0.1/servers/${enc(name)}/versions/2.0.0`)).status).toBe(404);
    expect((await hub.request('GET', `/v0.1/servers/${enc(name)}/versions/2.0.0?include_deleted=true`)).status).toBe(
      200,
    );

    const restored = await setStatus(name, '3.0.0', { status: 'active' });
    expect(restored.body._meta[OFFICIAL]).toMatchObject({ status: 'active', isLatest: true });
    expect(restored.body._meta[OFFICIAL].statusMessage).toBeUndefined();
  });

  it('falls back to a deprecated version as latest only when no active one is left', async () => {
    const name = uniqueName();
    for (const v of ['1.0.0', '2.0.0']) await publish(name, v);
    await setStatus(name, '1.0.0', { status: 'deprecated', statusMessage: 'old' });
    await setStatus(name, '2.0.0', { status: 'deprecated', statusMessage: 'old too' });
    expect(await latestOf(name)).toBe('2.0.0');
    await setStatus(name, '2.0.0', { status: 'deleted' });
    expect(await latestOf(name)).toBe('1.0.0');
    await setStatus(name, '1.0.0', { status: 'deleted' });
    expect(await latestOf(name)).toBeUndefined();
  });

  it('rejects a status change that changes nothing, and a message on active', async () => {
    const name = uniqueName();
    await publish(name, '1.0.0');
    const same = await setStatus(name, '1.0.0', { status: 'active' });
    expect(same.status).toBe(400);
    expect(same.body.detail).toMatch(/No changes to apply/);
    const msg = await setStatus(name, '1.0.0', { status: 'active', statusMessage: 'hi' });
    expect(msg.status).toBe(400);
    expect(msg.body.errors[0].location).toBe('body.statusMessage');
  });

  it('changes the status of every version at once', async () => {
    const name = uniqueName();
    for (const v of ['1.0.0', '2.0.0']) await publish(name, v);
    const res = await hub.request('PATCH', `/v0.1/servers/${enc(name)}/status`, {
      body: { status: 'deprecated', statusMessage: 'moved to io.github.test/new' },
      token: hub.adminToken,
    });
    expect(res.status).toBe(200);
    expect(res.body.updatedCount).toBe(2);
    expect(res.body.servers.every((s: any) => s._meta[OFFICIAL].status === 'deprecated')).toBe(true);
    const versions = await hub.request('GET', `/v0.1/servers/${enc(name)}/versions`);
    expect(versions.body.servers.map((s: any) => s._meta[OFFICIAL].statusMessage)).toEqual([
      'moved to io.github.test/new',
      'moved to io.github.test/new',
    ]);

    const del = await hub.request('PATCH', `/v0.1/servers/${enc(name)}/status`, {
      body: { status: 'deleted' },
      token: hub.adminToken,
    });
    expect(del.body.updatedCount).toBe(2);
    expect((await hub.request('GET', `/v0.1/servers/${enc(name)}/versions`)).status).toBe(404);
  });

  describe('unpublish (DELETE a version)', () => {
    let publisher: string;
    beforeAll(async () => {
      const res = await hub.request('POST', '/api/v1/tokens', {
        body: { namespace: 'io.github.unpub/*', scopes: ['publish'] },
        token: hub.adminToken,
      });
      publisher = res.body.token;
    });

    it('lets the publisher unpublish within 72 hours; the version string stays burnt', async () => {
      const name = uniqueName('io.github.unpub');
      await publish(name, '1.0.0', publisher);
      await publish(name, '1.1.0', publisher);
      clock.advance(71 * HOUR);
      const res = await hub.request('DELETE', `/v0.1/servers/${enc(name)}/versions/1.1.0`, { token: publisher });
      expect(res.status).toBe(200);
      expect(res.body._meta[OFFICIAL]).toMatchObject({ status: 'deleted', isLatest: false });
      expect(await latestOf(name)).toBe('1.0.0');
      expect((await hub.request('GET', `/v0.1/servers/${enc(name)}/versions/1.1.0`)).status).toBe(404);

      const reuse = await publish(name, '1.1.0', publisher);
      expect(reuse.status).toBe(409);
      const restore = await hub.request('PATCH', `/v0.1/servers/${enc(name)}/versions/1.1.0/status`, {
        body: { status: 'active' },
        token: publisher,
      });
      expect(restore.status).toBe(409);
      expect(restore.body.detail).toMatch(/unpublished/);
      expect(
        (await hub.request('DELETE', `/v0.1/servers/${enc(name)}/versions/1.1.0`, { token: publisher })).status,
      ).toBe(404);
    });

    it('refuses after 72 hours and says to deprecate instead', async () => {
      const name = uniqueName('io.github.unpub');
      await publish(name, '1.0.0', publisher);
      clock.advance(73 * HOUR);
      const res = await hub.request('DELETE', `/v0.1/servers/${enc(name)}/versions/1.0.0`, { token: publisher });
      expect(res.status).toBe(409);
      expect(res.body.detail).toMatch(/within 72 hours/);
      expect(res.body.detail).toMatch(/[Dd]eprecate/);
      expect(await latestOf(name)).toBe('1.0.0');
    });

    it('lets an admin remove a version at any age', async () => {
      const name = uniqueName('io.github.unpub');
      await publish(name, '1.0.0', publisher);
      clock.advance(30 * 24 * HOUR);
      expect(
        (await hub.request('DELETE', `/v0.1/servers/${enc(name)}/versions/1.0.0`, { token: hub.adminToken })).status,
      ).toBe(200);
    });
  });

  describe('moderation and the unpublish window apply to status changes too', () => {
    let publisher: string;
    beforeAll(async () => {
      publisher = (
        await hub.request('POST', '/api/v1/tokens', {
          body: { namespace: 'io.github.mod/*', scopes: ['publish'] },
          token: hub.adminToken,
        })
      ).body.token;
    });
    const patch = (name: string, version: string, body: unknown, token: string) =>
      hub.request('PATCH', `/v0.1/servers/${enc(name)}/versions/${enc(version)}/status`, { body, token });

    it('does not let a publisher undo a removal by the registry', async () => {
      const name = uniqueName('io.github.mod');
      await publish(name, '1.0.0', publisher);
      expect((await patch(name, '1.0.0', { status: 'deleted', statusMessage: 'malware' }, hub.adminToken)).status).toBe(
        200,
      );
      for (const status of ['active', 'deprecated', 'deleted']) {
        const res = await patch(
          name,
          '1.0.0',
          { status, statusMessage: status === 'active' ? undefined : 'mine' },
          publisher,
        );
        expect({ status, code: res.status }).toEqual({ status, code: 403 });
      }
      const bulk = await hub.request('PATCH', `/v0.1/servers/${enc(name)}/status`, {
        body: { status: 'active' },
        token: publisher,
      });
      expect(bulk.status).toBe(400); // nothing the publisher may change
      const after = await hub.request('GET', `/v0.1/servers/${enc(name)}/versions/1.0.0?include_deleted=true`);
      expect(after.body._meta[OFFICIAL]).toMatchObject({ status: 'deleted', statusMessage: 'malware' });
      expect((await patch(name, '1.0.0', { status: 'active' }, hub.adminToken)).status).toBe(200);
    });

    it('treats a publisher setting "deleted" as unpublishing: only within 72 hours, and final', async () => {
      const name = uniqueName('io.github.mod');
      await publish(name, '1.0.0', publisher);
      await publish(name, '2.0.0', publisher);
      clock.advance(73 * HOUR);
      await publish(name, '3.0.0', publisher);
      const late = await patch(name, '1.0.0', { status: 'deleted' }, publisher);
      expect(late.status).toBe(409);
      expect(late.body.detail).toMatch(/within 72 hours/);
      const lateBulk = await hub.request('PATCH', `/v0.1/servers/${enc(name)}/status`, {
        body: { status: 'deleted' },
        token: publisher,
      });
      expect(lateBulk.status).toBe(409);
      expect(await latestOf(name)).toBe('3.0.0');

      expect((await patch(name, '3.0.0', { status: 'deleted' }, publisher)).status).toBe(200);
      expect(await latestOf(name)).toBe('2.0.0');
      expect((await patch(name, '3.0.0', { status: 'active' }, hub.adminToken)).status).toBe(409); // unpublished: never comes back
      expect((await publish(name, '3.0.0', publisher)).status).toBe(409);
    });
  });

  describe('PUT a version', () => {
    it('is refused to publishers (versions are immutable) and allowed to admins', async () => {
      const tok = await hub.request('POST', '/api/v1/tokens', {
        body: { namespace: 'io.github.put/*', scopes: ['publish'] },
        token: hub.adminToken,
      });
      const name = uniqueName('io.github.put');
      await publish(name, '1.0.0', tok.body.token);
      const edited = serverJson(name, '1.0.0', { description: 'fixed typo' });
      const byPublisher = await hub.request('PUT', `/v0.1/servers/${enc(name)}/versions/1.0.0`, {
        body: edited,
        token: tok.body.token,
      });
      expect(byPublisher.status).toBe(403);
      expect(byPublisher.body.detail).toMatch(/immutable/);
      const byAdmin = await hub.request('PUT', `/v0.1/servers/${enc(name)}/versions/1.0.0`, {
        body: edited,
        token: hub.adminToken,
      });
      expect(byAdmin.status).toBe(200);
      expect(byAdmin.body.server.description).toBe('fixed typo');
      const mismatch = await hub.request('PUT', `/v0.1/servers/${enc(name)}/versions/1.0.0`, {
        body: serverJson(name, '9.9.9'),
        token: hub.adminToken,
      });
      expect(mismatch.status).toBe(400);
    });
  });
});
