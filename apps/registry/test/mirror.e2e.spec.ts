import { HUB_PROVENANCE_META_KEY, OFFICIAL_META_KEY } from '@mcp-hub/domain';
import { MirrorService } from '@mcp-hub/registry';
import { type FakeUpstream, type UpstreamEntry, loadFixture, startFakeUpstream } from '../../../test/fake-upstream.cjs';
import { type TestHub, createTestHub, enc, eventually, serverJson } from '../../../test/harness';

/**
 * The mirror against a local stand-in of the official registry serving the real fixture
 * through the real API shape: paging, updated_since, failures, malformed entries, changes.
 */
const fixture = loadFixture();
/** The fixture's 789 entries hold 6 that the mirror must skip (empty versions, a two-slash name, status "beta"). */
const VALID = 783;

type Row = { server: { name: string; version: string }; _meta: Record<string, Record<string, unknown>> };

async function allEntries(hub: TestHub, extra = ''): Promise<Row[]> {
  const out: Row[] = [];
  let cursor: string | undefined;
  do {
    const res = await hub.request('GET', `/v0.1/servers?limit=100${extra}${cursor ? `&cursor=${enc(cursor)}` : ''}`);
    out.push(...res.body.servers);
    cursor = res.body.metadata.nextCursor;
  } while (cursor);
  return out;
}

const count = async (hub: TestHub, sql: string) => Number((await hub.query<{ n: string }>(sql))[0]!.n);

describe('mirroring the official registry', () => {
  let upstream: FakeUpstream;
  let hub: TestHub;
  let mirror: MirrorService;
  const sync = () => mirror.syncOnce(upstream.url);

  beforeAll(async () => {
    upstream = await startFakeUpstream({ entries: loadFixture() });
    hub = await createTestHub();
    mirror = hub.app.get(MirrorService);
  });
  afterAll(async () => {
    await hub?.close();
    await upstream?.close();
  });

  it('crawls every page with limit and cursor, keeping every version, status and upstream timestamp', async () => {
    const report = await sync();
    expect(report).toMatchObject({
      phase: 'crawl',
      entries: fixture.length,
      written: VALID,
      skipped: fixture.length - VALID,
    });
    const lists = upstream.requests.filter((r) => r.path === '/v0.1/servers');
    expect(lists.length).toBe(Math.ceil(fixture.length / 100));
    expect(lists.every((r) => r.query.limit === '100')).toBe(true);
    expect(lists.slice(1).every((r) => r.query.cursor)).toBe(true);

    const served = await allEntries(hub);
    expect(served).toHaveLength(VALID);
    const byKey = new Map(served.map((e) => [`${e.server.name}@${e.server.version}`, e]));
    for (const up of fixture) {
      const mine = byKey.get(`${up.server.name}@${up.server.version}`);
      const upMeta = up._meta[OFFICIAL_META_KEY] as Record<string, unknown> | undefined;
      if (!mine) continue;
      // The server.json is kept verbatim, key order included.
      expect(JSON.stringify(mine.server)).toBe(JSON.stringify(up.server));
      const meta = mine._meta[OFFICIAL_META_KEY]!;
      expect(meta.status).toBe(upMeta!.status);
      expect(meta.isLatest).toBe(upMeta!.isLatest);
      // Stored to the microsecond (Postgres), served to the millisecond: within one of upstream's instant.
      expect(
        Math.abs(
          Date.parse(meta.publishedAt as string) -
            Date.parse((upMeta!.publishedAt as string).replace(/(\.\d{3})\d+/, '$1')),
        ),
      ).toBeLessThanOrEqual(1);
      expect(mine._meta[HUB_PROVENANCE_META_KEY]).toEqual({ source: 'upstream' });
    }
  });

  it('re-running changes nothing, and later runs poll with updated_since', async () => {
    const before = await hub.query<{ t: string }>(`select max(updated_at)::text as t from server_versions`);
    upstream.requests.length = 0;
    const report = await sync();
    expect(report).toMatchObject({ phase: 'poll', written: 0 });
    expect(upstream.requests[0]!.query.updated_since).toBeDefined();
    expect(await hub.query(`select max(updated_at)::text as t from server_versions`)).toEqual(before);
    expect(await count(hub, 'select count(*) as n from server_versions')).toBe(VALID);
  });

  it('picks up a status change, and a new version, between two polls', async () => {
    const target = fixture.find(
      (e) => (e._meta[OFFICIAL_META_KEY] as { isLatest: boolean }).isLatest && e.server.name.startsWith('io.github.'),
    )!;
    const { name, version } = target.server;
    upstream.setStatus(name, version, 'deprecated', { message: 'moved to v2' });
    const r1 = await sync();
    expect(r1.written).toBeGreaterThanOrEqual(1);
    const deprecated = await hub.request('GET', `/v0.1/servers/${enc(name)}/versions/${enc(version)}`);
    expect(deprecated.body._meta[OFFICIAL_META_KEY]).toMatchObject({
      status: 'deprecated',
      statusMessage: 'moved to v2',
    });

    upstream.publish({ ...target.server, version: '99.0.0' });
    await sync();
    const latest = await hub.request('GET', `/v0.1/servers/${enc(name)}/versions/latest`);
    expect(latest.body.server.version).toBe('99.0.0');
    expect(
      await count(hub, `select count(*) as n from server_versions where server_name = '${name}' and is_latest`),
    ).toBe(1);

    upstream.setStatus(name, '99.0.0', 'deleted', { message: 'malware' });
    await sync();
    const gone = await hub.request('GET', `/v0.1/servers/${enc(name)}/versions/99.0.0`);
    expect(gone.status).toBe(404);
    const kept = await hub.request('GET', `/v0.1/servers/${enc(name)}/versions/99.0.0?include_deleted=true`);
    expect(kept.body._meta[OFFICIAL_META_KEY]).toMatchObject({ status: 'deleted', isLatest: false });
  });
});

describe('a crawl that fails midway', () => {
  let upstream: FakeUpstream;
  let hub: TestHub;

  beforeAll(async () => {
    upstream = await startFakeUpstream({ entries: loadFixture() });
    hub = await createTestHub();
  });
  afterAll(async () => {
    await hub?.close();
    await upstream?.close();
  });

  it('keeps the pages it applied, saves its cursor, and resumes from it; one malformed entry is skipped', async () => {
    const mirror = hub.app.get(MirrorService);
    upstream.injectMalformed(150, { server: { description: 'no name, no version' }, _meta: {} });
    upstream.failListRequests(1, { status: 500, afterRequests: 3 });
    await expect(mirror.syncOnce(upstream.url)).rejects.toThrow(/500/);
    const state = (await mirror.state(upstream.url))!;
    expect(state.phase).toBe('crawl');
    expect(state.cursor).toBeTruthy();
    // Three pages of 100 landed, minus what was malformed in them.
    const landed = await count(hub, 'select count(*) as n from server_versions');
    expect(landed).toBeGreaterThan(290);
    expect(landed).toBeLessThanOrEqual(300);

    upstream.requests.length = 0;
    const resumed = await mirror.syncOnce(upstream.url);
    expect(upstream.requests[0]!.query.cursor).toBe(state.cursor);
    expect(resumed.pages).toBe(Math.ceil(fixture.length / 100) - 3);
    expect(await count(hub, 'select count(*) as n from server_versions')).toBe(VALID - 1);
    expect(await count(hub, `select count(*) as n from server_versions where is_latest`)).toBe(
      await count(hub, `select count(distinct server_name) as n from server_versions where status <> 'deleted'`),
    );
  });
});

describe('the mirror worker when the upstream is down', () => {
  let upstream: FakeUpstream;
  let hub: TestHub;

  beforeAll(async () => {
    upstream = await startFakeUpstream({ entries: loadFixture().slice(0, 40) });
    hub = await createTestHub({ env: { HUB_UPSTREAM_URL: upstream.url, HUB_UPSTREAM_INTERVAL: '1h' } });
  });
  afterAll(async () => {
    await hub?.close();
    await upstream?.close();
  });

  it('keeps serving what it has, reports it on /healthz, backs off and recovers', async () => {
    await eventually(
      async () => (await hub.request('GET', '/healthz')).body.checks.upstream.lastSuccessAt,
      15_000,
      'first sync',
    );
    const have = (await hub.request('GET', '/v0.1/servers?limit=100')).body.servers.length;
    expect(have).toBeGreaterThan(0);

    upstream.down();
    // The next run is an hour away; trigger one now through the service, as the timer would.
    await expect(hub.app.get(MirrorService).syncOnce(upstream.url)).rejects.toThrow(/cannot reach upstream/);
    await hub.app.get(MirrorService).recordFailure(upstream.url, new Error('cannot reach upstream (test)'));
    const z = (await hub.request('GET', '/healthz')).body;
    expect(z.status).toBe('degraded');
    expect(z.checks.upstream).toMatchObject({ status: 'degraded', consecutiveFailures: 1 });
    expect(z.checks.upstream.lastError).toMatch(/cannot reach upstream/);
    expect((await hub.request('GET', '/v0.1/servers?limit=100')).body.servers.length).toBe(have);

    upstream.up();
    await hub.app.get(MirrorService).syncOnce(upstream.url);
    const after = (await hub.request('GET', '/healthz')).body;
    expect(after.checks.upstream).toMatchObject({ status: 'ok', consecutiveFailures: 0, lastError: null });
  });

  it('retries on its own with backoff after a failed first run', async () => {
    const down = await startFakeUpstream({
      entries: loadFixture()
        .filter((e) => e.server.version)
        .slice(0, 5),
    });
    down.down();
    const other = await createTestHub({ env: { HUB_UPSTREAM_URL: down.url, HUB_UPSTREAM_INTERVAL: '1h' } });
    try {
      const failing = await eventually(
        async () => {
          const u = (await other.request('GET', '/healthz')).body.checks.upstream;
          // The failure is committed a moment before the run reschedules itself; wait for both.
          return u.consecutiveFailures >= 1 && !u.syncing ? u : undefined;
        },
        15_000,
        'a failed run',
      );
      // The retry is scheduled within the backoff (5 s × jitter), not an interval (1 h) away.
      expect(Date.parse(failing.nextAttemptAt) - Date.now()).toBeLessThan(6_000);
      down.up();
      await eventually(
        async () => (await other.request('GET', '/healthz')).body.checks.upstream.status === 'ok',
        20_000,
        'recovery',
      );
      expect((await other.request('GET', '/v0.1/servers')).body.servers).toHaveLength(5);
    } finally {
      await other.close();
      await down.close();
    }
  }, 40_000);
});

describe('who owns a name: upstream, unless the namespace is verified here', () => {
  let upstream: FakeUpstream;
  let hub: TestHub;
  // Stamped now, so that polls with updated_since see them.
  const entry = (name: string, version: string): UpstreamEntry => {
    const at = new Date().toISOString().replace('Z', '123456Z');
    return {
      server: { ...serverJson(name, version), description: 'from upstream' } as unknown as UpstreamEntry['server'],
      _meta: {
        [OFFICIAL_META_KEY]: { status: 'active', statusChangedAt: at, publishedAt: at, updatedAt: at, isLatest: true },
      },
    };
  };

  beforeAll(async () => {
    upstream = await startFakeUpstream({ entries: [] });
    hub = await createTestHub();
  });
  afterAll(async () => {
    await hub?.close();
    await upstream?.close();
  });

  it('an unverified local publish steps aside (archived, not lost) when upstream publishes the name', async () => {
    const name = 'com.unverified-example/weather';
    expect(
      (
        await hub.request('POST', '/v0.1/publish', {
          token: hub.adminToken,
          body: serverJson(name, '0.1.0', { description: 'local copy' }),
        })
      ).status,
    ).toBe(200);
    upstream.entries.push(entry(name, '1.0.0'));
    const report = await hub.app.get(MirrorService).syncOnce(upstream.url);
    expect(report.superseded).toBe(1);
    const versions = (await hub.request('GET', `/v0.1/servers/${enc(name)}/versions`)).body.servers;
    expect(versions.map((v: Row) => v.server.version)).toEqual(['1.0.0']);
    expect(versions[0]._meta[HUB_PROVENANCE_META_KEY]).toEqual({ source: 'upstream' });
    expect(await hub.query(`select version, reason from superseded_versions where server_name = '${name}'`)).toEqual([
      { version: '0.1.0', reason: expect.stringContaining('not verified') },
    ]);
    // From now on the name belongs to upstream here.
    const refused = await hub.request('POST', '/v0.1/publish', {
      token: hub.adminToken,
      body: serverJson(name, '2.0.0'),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/verify the namespace com.unverified-example/);
  });

  it('a local publish in a verified namespace wins: upstream entries of that name are skipped', async () => {
    const name = 'com.verified-example/weather';
    await hub.query(`insert into verified_namespaces (namespace, method) values ('com.verified-example', 'test')`);
    expect(
      (
        await hub.request('POST', '/v0.1/publish', {
          token: hub.adminToken,
          body: serverJson(name, '0.1.0', { description: 'ours' }),
        })
      ).status,
    ).toBe(200);
    upstream.entries.push(entry(name, '1.0.0'));
    const report = await hub.app.get(MirrorService).syncOnce(upstream.url);
    expect(report.keptLocal).toBe(1);
    const versions = (await hub.request('GET', `/v0.1/servers/${enc(name)}/versions`)).body.servers;
    expect(versions.map((v: Row) => v.server.version)).toEqual(['0.1.0']);
    expect(versions[0]._meta[HUB_PROVENANCE_META_KEY]).toEqual({ source: 'local' });
  });
});
