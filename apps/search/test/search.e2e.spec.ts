import { type HubDatabase, rowsOf } from '@mcp-hub/db';
import { HUB_DB } from '@mcp-hub/http';
import { sql } from 'drizzle-orm';
import fs from 'node:fs';
import path from 'node:path';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { SearchIndexer } from '../src';
import {
  LOCAL_EMBEDDINGS,
  type TestHub,
  createTestHub,
  enc,
  eventually,
  searchIndexed,
  serverJson,
  uniqueName,
  useFixtureHub,
} from '../../../test/harness';

/**
 * The Search service end to end, on the real fixture (456 servers after 6 malformed entries are
 * skipped), with the offline GloVe embedder: pgvector on PGlite, in-memory vectors on Postgres.
 */
const FIXTURE_SERVERS = 456;
const search = async (hub: TestHub, query: string) => hub.request('GET', `/api/v1/search?${query}`);
const names = (body: { results: { name: string }[] }) => body.results.map((r) => r.name);
/** Searches for `word` in text mode until `check` holds for the answer (the index catches up in the background). */
const textSearchUntil = (hub: TestHub, word: string, check: (body: any) => boolean, label: string) =>
  eventually(
    async () => {
      const body = (await search(hub, `q=${word}&mode=text`)).body;
      return check(body) ? body : undefined;
    },
    10_000,
    label,
  );

describe('search over the mirrored fixture', () => {
  const hub = useFixtureHub(FIXTURE_SERVERS, LOCAL_EMBEDDINGS);

  it('answers a natural-language query in every mode, hybrid by default, in the documented shape', async () => {
    for (const mode of ['text', 'semantic', 'hybrid', undefined]) {
      const res = await search(hub, `q=${enc('send and read email')}&limit=10${mode ? `&mode=${mode}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.mode).toBe(mode ?? 'hybrid');
      expect(names(res.body).some((n) => /gmail|email|outlook/i.test(n))).toBe(true);
      expect(res.body.results.length).toBeLessThanOrEqual(10);
      expect(res.body.total).toBeGreaterThanOrEqual(res.body.results.length);
      for (const r of res.body.results) {
        expect(Object.keys(r).sort()).toEqual(
          ['description', 'highlights', 'name', 'packages', 'remotes', 'score', 'status', 'title', 'version'].sort(),
        );
        expect(Array.isArray(r.packages) && Array.isArray(r.remotes)).toBe(true);
      }
      expect(Object.keys(res.body.facets).sort()).toEqual(['hasRemote', 'registryType', 'status', 'transport']);
    }
  });

  it('highlights matched words, escaping the rest', async () => {
    const res = await search(hub, `q=gmail&mode=text`);
    const withMark = res.body.results.find((r: { highlights: { description?: string; title?: string } }) =>
      (r.highlights.description ?? r.highlights.title ?? '').includes('<mark>'),
    );
    expect(withMark).toBeDefined();
    for (const r of res.body.results) {
      const text = `${r.highlights.title ?? ''}${r.highlights.description ?? ''}`.replace(/<\/?mark>/g, '');
      expect(text).not.toMatch(/[<>]/);
    }
  });

  it('tolerates typos, matches prefixes while typing, and stems', async () => {
    const typo = await search(hub, `q=filesytem&mode=text&limit=5`);
    expect(names(typo.body).some((n) => n.includes('filesystem'))).toBe(true);
    const prefix = await search(hub, `q=postg&mode=text&limit=5`);
    expect(names(prefix.body).some((n) => n.includes('postgres'))).toBe(true);
    // "databases" and "database" share a stem.
    const plural = names((await search(hub, `q=databases&mode=text&limit=50`)).body);
    const singular = names((await search(hub, `q=database&mode=text&limit=50`)).body);
    expect(plural.length).toBeGreaterThan(5);
    expect(plural.slice(0, 5).every((n) => singular.includes(n))).toBe(true);
  });

  it('counts facets over all matches, and filters by them (URL-style, any-of)', async () => {
    const all = (await search(hub, `q=server&mode=text&limit=100`)).body;
    const npmCount = all.facets.registryType.npm;
    expect(npmCount).toBeGreaterThan(0);
    const npm = (await search(hub, `q=server&mode=text&limit=100&registryType=npm`)).body;
    expect(npm.total).toBe(npmCount);
    expect(npm.facets.registryType.npm).toBe(npmCount);
    for (const r of npm.results)
      expect(r.packages.some((p: { registryType: string }) => p.registryType === 'npm')).toBe(true);

    const either = (await search(hub, `q=server&mode=text&limit=100&registryType=npm,pypi`)).body;
    expect(either.total).toBeGreaterThan(npm.total);

    const remote = (await search(hub, `q=server&mode=text&limit=100&hasRemote=true`)).body;
    expect(remote.total).toBe(all.facets.hasRemote.true);
    for (const r of remote.results) expect(r.remotes.length).toBeGreaterThan(0);

    const http = (await search(hub, `q=server&mode=text&limit=100&transport=streamable-http`)).body;
    expect(http.total).toBe(all.facets.transport['streamable-http']);

    const ns = (await search(hub, `q=&namespace=io.github.github`)).body;
    expect(ns.results.length).toBeGreaterThan(0);
    for (const r of ns.results) expect(r.name.startsWith('io.github.github/')).toBe(true);
  });

  it('counts facets over what each mode returns: semantic and hybrid additions included', async () => {
    const sum = (f: Record<string, number>) => Object.values(f).reduce((a, b) => a + b, 0);
    for (const mode of ['semantic', 'hybrid', 'text']) {
      const r = (await search(hub, `q=${enc('send and read email')}&mode=${mode}&limit=5`)).body;
      expect(r.total).toBeGreaterThan(0);
      // Every document is active or deprecated, and has a remote or not: both facets sum to the total.
      expect(sum(r.facets.status)).toBe(r.total);
      expect(sum(r.facets.hasRemote)).toBe(r.total);
      expect(r.results).toHaveLength(5);
    }
  });

  it('in hybrid mode, a facet count is exactly the total its filter gives, and no server is counted twice', async () => {
    const param: Record<string, string> = {
      registryType: 'registryType',
      transport: 'transport',
      hasRemote: 'hasRemote',
      status: 'status',
    };
    // "server" matches more text than the fusion window holds: neighbours beyond it are text matches too.
    for (const q of ['send and read email', 'server', 'database']) {
      const all = (await search(hub, `q=${enc(q)}&mode=hybrid&limit=100`)).body;
      expect(all.mode).toBe('hybrid');
      let checked = 0;
      for (const [facet, counts] of Object.entries(all.facets as Record<string, Record<string, number>>)) {
        for (const [value, count] of Object.entries(counts)) {
          const filtered = (await search(hub, `q=${enc(q)}&mode=hybrid&limit=1&${param[facet]}=${value}`)).body;
          expect({ q, facet, value, total: filtered.total }).toEqual({ q, facet, value, total: count });
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(4);
      // The total is the number of distinct servers a reader can page through.
      const seen = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = (await search(hub, `q=${enc(q)}&mode=hybrid&limit=100${cursor ? `&cursor=${enc(cursor)}` : ''}`))
          .body;
        for (const n of names(page)) seen.add(n);
        cursor = page.nextCursor;
      } while (cursor);
      expect({ q, distinct: seen.size }).toEqual({ q, distinct: all.total });
    }
  });

  it('browses without a query: every server, newest first, with facets', async () => {
    const res = await search(hub, 'limit=5');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(FIXTURE_SERVERS);
    expect(Object.values(res.body.facets.status as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
      FIXTURE_SERVERS,
    );
  });

  it('pages with a cursor bound to its query', async () => {
    const first = (await search(hub, `q=server&mode=text&limit=10`)).body;
    expect(first.nextCursor).toBeDefined();
    const second = (await search(hub, `q=server&mode=text&limit=10&cursor=${enc(first.nextCursor)}`)).body;
    expect(second.results).toHaveLength(10);
    expect(names(second).filter((n) => names(first).includes(n))).toEqual([]);
    const other = await search(hub, `q=database&mode=text&limit=10&cursor=${enc(first.nextCursor)}`);
    expect(other.status).toBe(400);
    expect(other.body.errors[0].location).toBe('query.cursor');
    const garbage = await search(hub, `q=server&cursor=not-a-cursor`);
    expect(garbage.status).toBe(400);
  });

  it('makes a published server searchable, ranks deprecated ones lower, and never shows deleted ones', async () => {
    const word = `quokkaplex${Date.now().toString(36)}`;
    const a = uniqueName('io.github.searchtest');
    const b = uniqueName('io.github.searchtest');
    for (const name of [a, b]) {
      const res = await hub.request('POST', '/v0.1/publish', {
        token: hub.adminToken,
        body: serverJson(name, '1.0.0', { description: `Manages ${word} inventories` }),
      });
      expect(res.status).toBe(200);
    }
    const both = await textSearchUntil(hub, word, (r) => r.total === 2, 'both servers searchable');
    expect(names(both).sort()).toEqual([a, b].sort());

    // Deprecate whichever ranks first now: it must drop below the other.
    const top = names(both)[0]!;
    const other = top === a ? b : a;
    await hub.request('PATCH', `/v0.1/servers/${enc(top)}/versions/1.0.0/status`, {
      token: hub.adminToken,
      body: { status: 'deprecated', statusMessage: 'use the other one' },
    });
    const reordered = await textSearchUntil(
      hub,
      word,
      (r) => r.results[0]?.name === other,
      'deprecated server ranked lower',
    );
    expect(reordered.results[1]).toMatchObject({ name: top, status: 'deprecated' });
    expect(names((await search(hub, `q=${word}&status=deprecated`)).body)).toEqual([top]);

    // Unpublished (deleted): gone from every mode and from the counts.
    await hub.request('DELETE', `/v0.1/servers/${enc(other)}/versions/1.0.0`, { token: hub.adminToken });
    await textSearchUntil(hub, word, (r) => r.total === 1, 'deleted server gone');
    for (const mode of ['text', 'hybrid', 'semantic']) {
      const r = (await search(hub, `q=${word}%20inventories&mode=${mode}&limit=100`)).body;
      expect(names(r)).not.toContain(other);
    }
  });

  it('ranks a name match above a description match', async () => {
    const word = `zephyrine${Date.now().toString(36)}`;
    const byName = `io.github.searchtest/${word}-tools`;
    const byDescription = uniqueName('io.github.searchtest');
    await hub.request('POST', '/v0.1/publish', {
      token: hub.adminToken,
      body: serverJson(byDescription, '1.0.0', {
        description: `Works well with ${word} and many other things besides`,
      }),
    });
    await hub.request('POST', '/v0.1/publish', {
      token: hub.adminToken,
      body: serverJson(byName, '1.0.0', { description: 'General purpose utilities' }),
    });
    const r = await textSearchUntil(hub, word, (body) => body.total === 2, 'both indexed');
    expect(names(r)).toEqual([byName, byDescription]);
  });

  it('finds nothing to redo at a restart: the catch-up compares source timestamps exactly', async () => {
    const indexer = hub.app.get(SearchIndexer);
    await indexer.idle();
    // Every boot runs this; documents must not look stale because a timestamp lost its microseconds.
    expect(await indexer.catchUp()).toBe(0);
  });

  it('maintains the search tables after a bulk reindex: planner statistics, and on pgvector an HNSW index semantic search uses', async () => {
    const db = hub.app.get<HubDatabase>(HUB_DB);
    const query = `q=${enc('read and write files on my computer')}&mode=semantic&limit=10`;
    const before = names((await search(hub, query)).body);
    const indexer = hub.app.get(SearchIndexer);
    // Two forced passes write every document and vector twice: past the maintenance threshold.
    await indexer.reindexAll({ force: true });
    await indexer.reindexAll({ force: true });
    const [stats] = rowsOf<{ reltuples: number }>(
      await db.execute(sql`select reltuples from pg_class where relname = 'search_documents'`),
    );
    expect(Number(stats!.reltuples)).toBeGreaterThanOrEqual(FIXTURE_SERVERS);
    if (hub.dbKind === 'pglite') {
      const plan = rowsOf<Record<string, string>>(
        await db.execute(
          sql`explain select server_name from search_embeddings where vector_dims(vec) = 50 order by (vec::vector(50)) <=> (select vec::vector(50) from search_embeddings limit 1) limit 10`,
        ),
      );
      expect(plan.map((r) => Object.values(r)[0]).join('\n')).toContain('search_embeddings_hnsw_50');
    }
    // Same neighbours through the index as by the exact scan before it.
    expect(names((await search(hub, query)).body)).toEqual(before);
  }, 60_000);

  it('answers from memory exactly as Postgres answers: every eval query, typos, prefixes, filters, browsing, pages', async () => {
    const config = hub.app.get<HubConfig>(HUB_CONFIG);
    const evalQueries = (
      JSON.parse(fs.readFileSync(path.join(__dirname, '../eval/queries.json'), 'utf8')) as {
        queries: { query: string }[];
      }
    ).queries.map((q) => q.query);
    const variants = [
      ...evalQueries.map((q) => `q=${enc(q)}&limit=20`),
      ...[
        'filesytem',
        'postg',
        'e',
        'the',
        'the and of',
        'databases',
        'git hub',
        'slack messages',
        'weather forecast api',
        'x9zq',
      ].map((q) => `q=${enc(q)}&limit=20`),
      `q=server&limit=100&registryType=npm,pypi`,
      `q=server&limit=20&transport=streamable-http&hasRemote=true`,
      `q=database&limit=20&status=deprecated`,
      `q=files&limit=20&namespace=io.github.modelcontextprotocol`,
      `limit=50`,
      `limit=20&registryType=oci`,
    ];
    // Vectors are searched in memory under both engines only where the database has no pgvector.
    const modes = hub.dbKind === 'postgres' ? ['text', 'hybrid', 'semantic'] : ['text'];
    const answers = async (engine: 'memory' | 'postgres') => {
      config.search.engine = engine;
      const out: unknown[] = [];
      for (const mode of modes) {
        for (const v of variants) {
          if (mode === 'semantic' && !v.includes('q=')) continue;
          const first = await search(hub, `${v}&mode=${mode}`);
          expect(first.status).toBe(200);
          const second = first.body.nextCursor
            ? (await search(hub, `${v}&mode=${mode}&cursor=${first.body.nextCursor}`)).body
            : null;
          out.push({ v, mode, first: first.body, second });
        }
      }
      return out;
    };
    try {
      const fromPostgres = await answers('postgres');
      const fromMemory = await answers('memory');
      expect(fromMemory.length).toBe(fromPostgres.length);
      for (let i = 0; i < fromMemory.length; i++) expect(fromMemory[i]).toEqual(fromPostgres[i]);
      // Not vacuous: most of these queries match something.
      expect(fromMemory.filter((a) => (a as { first: { total: number } }).first.total > 0).length).toBeGreaterThan(
        fromMemory.length * 0.8,
      );
    } finally {
      config.search.engine = 'memory';
    }
  }, 120_000);

  it('keeps the official ?search= as a plain substring of the name', async () => {
    const res = await hub.request('GET', '/v0.1/servers?search=filesystem&version=latest&limit=100');
    expect(res.status).toBe(200);
    expect(res.body.servers.length).toBeGreaterThan(0);
    for (const s of res.body.servers) expect(s.server.name.toLowerCase()).toContain('filesystem');
    // A natural-language query finds nothing by substring: that is what /api/v1/search is for.
    expect((await hub.request('GET', `/v0.1/servers?search=${enc('read and write files')}`)).body.servers).toEqual([]);
  });

  it('reports the vector store and model on /healthz', async () => {
    const z = (await hub.request('GET', '/healthz')).body;
    expect(z.checks.embeddings).toMatchObject({ status: 'ok', mode: 'hybrid', dimensions: 50 });
    // The memory engine (the default) searches vectors in this process on either database.
    expect(z.checks.search.vectorStore).toBe('memory');
    expect(z.checks.search.embedded).toBeGreaterThan(FIXTURE_SERVERS * 0.9);
  });

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=abc', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['mode=fuzzy', 'query.mode'],
    ['registryType=rpm', 'query.registryType'],
    ['transport=carrier-pigeon', 'query.transport'],
    ['hasRemote=maybe', 'query.hasRemote'],
    ['status=deleted', 'query.status'],
    ['namespace=a%20b', 'query.namespace'],
    [`q=${'x'.repeat(201)}`, 'query.q'],
    ['q=a&q=b', 'query.q'],
    ['colour=blue', 'query'],
  ])('rejects %s with a 400 problem naming %s', async (qs, location) => {
    const res = await search(hub, qs);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(
      res.body.errors.some(
        (e: { location: string }) => e.location === location || e.location.startsWith(`${location}[`),
      ),
    ).toBe(true);
  });
});

describe('search without an embedding model', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({ env: { HUB_EMBEDDINGS: 'local', HUB_EMBEDDINGS_MODEL_DIR: '/nonexistent/model' } });
    const name = uniqueName('io.github.nomodel');
    await hub.request('POST', '/v0.1/publish', {
      token: hub.adminToken,
      body: serverJson(name, '1.0.0', { description: 'Reads weather forecasts' }),
    });
    await searchIndexed(hub, 1);
  });
  afterAll(() => hub?.close());

  it('still searches in text mode and says so, in the response and on /healthz', async () => {
    const res = await search(hub, 'q=weather');
    expect(res.status).toBe(200);
    expect(res.body.mode).toBe('text');
    expect(res.body.notice).toMatch(/semantic search unavailable/);
    // Operator details (which setting, which folder) stay on /healthz and in the logs.
    expect(res.body.notice).not.toMatch(/HUB_|nonexistent/);
    expect(res.body.total).toBe(1);
    const z = (await hub.request('GET', '/healthz')).body;
    expect(z.status).toBe('degraded');
    expect(z.checks.embeddings).toMatchObject({ status: 'degraded', mode: 'text' });
    expect(z.checks.embeddings.detail).toMatch(/HUB_EMBEDDINGS_MODEL_DIR/);
  });

  it('answers an explicit semantic search with 503 and what to do', async () => {
    const res = await search(hub, 'q=weather&mode=semantic');
    expect(res.status).toBe(503);
    expect(res.body.detail).toMatch(/mode=text/);
    expect(res.body.detail).not.toMatch(/HUB_|nonexistent/);
  });
});
