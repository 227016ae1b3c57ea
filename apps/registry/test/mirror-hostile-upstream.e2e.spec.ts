import { OFFICIAL_META_KEY } from '@mcp-hub/domain';
import { MirrorService } from '@mcp-hub/registry';
import {
  type FakeUpstream,
  type StartFakeUpstreamOptions,
  type UpstreamEntry,
  loadFixture,
  startFakeUpstream,
} from '../../../test/fake-upstream.cjs';
import { type TestHub, createTestHub, enc, eventually } from '../../../test/harness';

/**
 * The mirror against an upstream that misbehaves: entries the database cannot store, cursors
 * that are numbers or come back around, paging without end, and pages too big to hold (plain,
 * or a gzip bomb). Each must cost one entry or one run, never the mirror, and say so on /healthz.
 */

type Official = { status: string; statusMessage?: string; isLatest: boolean };

/** The first `n` fixture entries the mirror accepts, in the upstream's page order. */
function entries(n: number): UpstreamEntry[] {
  return loadFixture()
    .filter(
      (e) =>
        e.server.version &&
        e.server.name.split('/').length === 2 &&
        ['active', 'deprecated', 'deleted'].includes(official(e).status),
    )
    .sort((a, b) =>
      a.server.name === b.server.name
        ? a.server.version < b.server.version
          ? -1
          : 1
        : a.server.name < b.server.name
          ? -1
          : 1,
    )
    .slice(0, n);
}

const official = (e: UpstreamEntry) => e._meta[OFFICIAL_META_KEY] as Official;
const count = async (hub: TestHub) =>
  Number((await hub.query<{ n: string }>('select count(*) as n from server_versions'))[0]!.n);
const upstreamHealth = async (hub: TestHub) => (await hub.request('GET', '/healthz')).body.checks.upstream;

/** A Hub whose mirror worker syncs with `upstream` at boot (and then only after failures: the interval is an hour). */
function workerHub(upstream: FakeUpstream, env: Record<string, string> = {}): Promise<TestHub> {
  return createTestHub({ env: { HUB_UPSTREAM_URL: upstream.url, HUB_UPSTREAM_INTERVAL: '1h', ...env } });
}

/** The mirror's health once its current run has ended, in success or failure. */
function settled(
  hub: TestHub,
  what: (u: Record<string, unknown>) => boolean = (u) => Boolean(u.lastSuccessAt) || Number(u.consecutiveFailures) > 0,
) {
  return eventually(
    async () => {
      const u = await upstreamHealth(hub);
      return !u.syncing && what(u) ? (u as Record<string, unknown>) : undefined;
    },
    20_000,
    'the mirror run to end',
  );
}

/** A failed run is retried after the backoff (5 s × jitter, at least 2.5 s), not straight away. */
function expectBackoff(u: Record<string, unknown>, state: { lastAttemptAt: Date | null }) {
  expect(Date.parse(u.nextAttemptAt as string) - state.lastAttemptAt!.getTime()).toBeGreaterThanOrEqual(2_500);
}

describe('a hostile upstream', () => {
  const started: { upstream?: FakeUpstream; hub?: TestHub }[] = [];
  async function setup(
    n: number,
    opts: Omit<StartFakeUpstreamOptions, 'entries'> = {},
    hub: (u: FakeUpstream) => Promise<TestHub> = () => createTestHub(),
  ) {
    const upstream = await startFakeUpstream({ entries: entries(n), ...opts });
    const slot: (typeof started)[number] = { upstream };
    started.push(slot);
    slot.hub = await hub(upstream);
    return { upstream, hub: slot.hub };
  }
  afterAll(async () => {
    for (const { hub, upstream } of started) {
      await hub?.close();
      await upstream?.close();
    }
  });

  describe('entries the database cannot store', () => {
    it('skips and counts an entry with NUL in its statusMessage (or anywhere else); the rest of its page applies and the mirror is not stuck', async () => {
      const { upstream, hub } = await setup(150, {}, (upstream) => {
        const [x, y, z] = [upstream.entries[10]!, upstream.entries[40]!, upstream.entries[120]!];
        upstream.injectMalformed(10, {
          ...x,
          _meta: { [OFFICIAL_META_KEY]: { ...official(x), status: 'deprecated', statusMessage: 'moved\u0000to v2' } },
        });
        upstream.injectMalformed(40, { ...y, server: { ...y.server, description: 'Forecasts\u0000' } });
        upstream.injectMalformed(120, { ...z, server: { ...z.server, title: 'half a pair \ud83d' } });
        return workerHub(upstream);
      });
      const list = upstream.entries;
      const bad = [list[10]!, list[40]!, list[120]!];

      const u = await settled(hub);
      expect(u).toMatchObject({
        status: 'ok',
        consecutiveFailures: 0,
        lastError: null,
        entriesApplied: 147,
        entriesSkipped: 3,
      });
      expect(await count(hub)).toBe(147);
      for (const e of bad)
        expect(
          (
            await hub.request(
              'GET',
              `/v0.1/servers/${enc(e.server.name)}/versions/${enc(e.server.version)}?include_deleted=true`,
            )
          ).status,
        ).toBe(404);
      const neighbour = list[11]!.server;
      expect(
        (
          await hub.request(
            'GET',
            `/v0.1/servers/${enc(neighbour.name)}/versions/${enc(neighbour.version)}?include_deleted=true`,
          )
        ).status,
      ).toBe(200);

      // The next run polls past it too, skipping it again.
      const again = await hub.app.get(MirrorService).syncOnce(upstream.url);
      expect(again).toMatchObject({ phase: 'poll', written: 0 });
    });
  });

  describe('paging', () => {
    it('passes a numeric nextCursor back as text and crawls every page', async () => {
      const { upstream, hub } = await setup(199, { cursor: 'offset' });
      const report = await hub.app.get(MirrorService).syncOnce(upstream.url);
      expect(report).toMatchObject({ pages: 2, entries: 199, written: 199 });
      expect(upstream.requests.map((r) => r.query.cursor)).toEqual([undefined, '100']);
      expect(await count(hub)).toBe(199);
    });

    it('refuses a nextCursor that is neither text nor a number, instead of taking it for the end', async () => {
      const { upstream, hub } = await setup(150);
      upstream.rewriteNextCursor((_cursor, next) => (next === undefined ? undefined : { after: next }));
      const mirror = hub.app.get(MirrorService);
      await expect(mirror.syncOnce(upstream.url)).rejects.toThrow(
        'upstream page 1 has a nextCursor that is neither text nor a whole number',
      );
      expect(await count(hub)).toBe(0);
      expect((await mirror.state(upstream.url))!.phase).toBe('crawl');
    });

    it('stops a run whose cursors come back around (A → B → A), degraded on /healthz, and backs off', async () => {
      let a: string | undefined;
      let b: string | undefined;
      let pages = 0;
      const { upstream, hub } = await setup(250, {}, async (upstream) => {
        upstream.rewriteNextCursor((cursor, next) => {
          // A mirror that misses the cycle would page forever: this upstream gives up after 30
          // pages, so that such a mirror fails the test instead of hanging it.
          if (++pages > 30) return undefined;
          if (cursor === undefined) return (a = String(next));
          if (cursor === a) return (b = String(next));
          return cursor === b ? a : next;
        });
        return workerHub(upstream);
      });
      const u = await settled(hub);
      expect(u).toMatchObject({
        status: 'degraded',
        consecutiveFailures: 1,
        lastError: 'upstream cursor cycle at page 3',
        lastSuccessAt: null,
      });
      expect((await hub.request('GET', '/healthz')).body.status).toBe('degraded');
      expect(upstream.requests.filter((r) => r.path === '/v0.1/servers').map((r) => r.query.cursor)).toEqual([
        undefined,
        a,
        b,
      ]);
      // What the upstream sent stays out of /healthz.
      expect(JSON.stringify(u)).not.toContain(a!);
      expect(await count(hub)).toBe(250);
      expectBackoff(u, (await hub.app.get(MirrorService).state(upstream.url))!);
    });

    it('stops a run at HUB_UPSTREAM_MAX_PAGES, degraded, and the next run resumes where it stopped', async () => {
      const { upstream, hub } = await setup(250, {}, (upstream) =>
        workerHub(upstream, { HUB_UPSTREAM_MAX_PAGES: '2' }),
      );
      const u = await settled(hub);
      expect(u).toMatchObject({
        status: 'degraded',
        consecutiveFailures: 1,
        lastError: 'upstream paging stopped at HUB_UPSTREAM_MAX_PAGES (2 pages); the next run resumes there',
      });
      expect(await count(hub)).toBe(200);
      const state = (await hub.app.get(MirrorService).state(upstream.url))!;
      expect(state.phase).toBe('crawl');
      expect(state.cursor).toBeTruthy();
      expectBackoff(u, state);

      upstream.requests.length = 0;
      const recovered = await settled(hub, (u) => u.status === 'ok');
      expect(recovered).toMatchObject({ phase: 'poll', consecutiveFailures: 0, lastError: null });
      expect(upstream.requests[0]!.query.cursor).toBe(state.cursor);
      expect(await count(hub)).toBe(250);
    }, 40_000);
  });

  describe('a failure in the database', () => {
    it("shows on the public /healthz as the database's words, never the statement or the values it carried", async () => {
      const { upstream, hub } = await setup(20, {}, (upstream) => workerHub(upstream));
      await settled(hub);
      // A refusal from inside the page's transaction (as a constraint or a full disk gives), for a
      // server upstream publishes next: the statement carries its private-looking description.
      const first = upstream.entries[0]!;
      const secret = `only-in-the-statement-${Date.now()}`;
      const victim: UpstreamEntry = {
        ...first,
        server: { ...first.server, name: `${first.server.name}-refused`, description: secret },
        _meta: {
          ...first._meta,
          [OFFICIAL_META_KEY]: { ...first._meta[OFFICIAL_META_KEY]!, updatedAt: new Date().toISOString() },
        },
      };
      await hub.query(`create function refuse_one() returns trigger language plpgsql as $$
        begin if new.server_name = '${victim.server.name}' then raise exception 'refused by the test' using errcode = 'P0001'; end if; return new; end $$`);
      await hub.query(
        `create trigger refuse_one before insert on server_versions for each row execute function refuse_one()`,
      );
      upstream.entries.push(victim);

      const mirror = hub.app.get(MirrorService);
      const failure = await mirror.syncOnce(upstream.url).then(
        () => new Error('the run did not fail'),
        (e: Error) => e,
      );
      expect(failure.message).toContain(secret); // what the ORM's error says: the statement and its values
      await mirror.recordFailure(upstream.url, failure);
      const u = await upstreamHealth(hub);
      expect(u.status).toBe('degraded');
      expect(u.lastError).toBe('refused by the test (SQLSTATE P0001)');
      expect(u.lastError).not.toContain(secret);
    });
  });

  describe('pages too big to hold', () => {
    const cap = 256 * 1024;

    it('refuses a gzip bomb while it inflates, applies nothing, backs off, and takes the page once it is sane', async () => {
      const { upstream, hub } = await setup(150, { gzip: true }, async (upstream) => {
        // About 64 KiB on the wire, 64 MiB once inflated.
        upstream.padListPages(64 * 1024 * 1024);
        return workerHub(upstream, { HUB_UPSTREAM_MAX_PAGE_BYTES: String(cap) });
      });
      const u = await settled(hub);
      expect(u).toMatchObject({
        status: 'degraded',
        consecutiveFailures: 1,
        lastError: `upstream page 1 is larger than HUB_UPSTREAM_MAX_PAGE_BYTES (${cap} bytes)`,
      });
      expect(await count(hub)).toBe(0);
      expectBackoff(u, (await hub.app.get(MirrorService).state(upstream.url))!);

      upstream.padListPages(0);
      expect(await settled(hub, (u) => u.status === 'ok')).toMatchObject({
        consecutiveFailures: 0,
        entriesApplied: 150,
      });
      expect(await count(hub)).toBe(150);
    }, 40_000);

    it('refuses an oversized plain page, keeping the pages before it and the cursor to it', async () => {
      const { upstream, hub } = await setup(150, {}, () =>
        createTestHub({ env: { HUB_UPSTREAM_MAX_PAGE_BYTES: String(cap) } }),
      );
      const big = upstream.entries[120]!;
      const description = big.server.description;
      big.server.description = 'x'.repeat(cap);
      const mirror = hub.app.get(MirrorService);
      await expect(mirror.syncOnce(upstream.url)).rejects.toThrow(
        `upstream page 2 is larger than HUB_UPSTREAM_MAX_PAGE_BYTES (${cap} bytes)`,
      );
      expect(await count(hub)).toBe(100);
      const state = (await mirror.state(upstream.url))!;
      expect(state.cursor).toBe(upstream.requests.at(-1)!.query.cursor);

      big.server.description = description;
      const resumed = await mirror.syncOnce(upstream.url);
      expect(resumed).toMatchObject({ pages: 1, written: 50 });
      expect(await count(hub)).toBe(150);
    });
  });
});
