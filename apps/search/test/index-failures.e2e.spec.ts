import { MirrorService } from '@mcp-hub/registry';
import { SearchIndexer } from '../src';
import { type TestHub, createTestHub, enc, eventually, serverJson } from '../../../test/harness';

/**
 * What one document can do to the search index, and what the index tells whom: documents Postgres
 * refuses are narrowed down and left out (the rest index), texts are cleaned and bounded, /healthz
 * says only that something is wrong, and a server made private is never shown outside its org.
 */
describe('search index failures', () => {
  let hub: TestHub;
  const tag = Date.now().toString(36);
  /** Words of letters only, as the index splits them. */
  const letters = (s: string) => s.replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)]!);
  const word = (stem: string) => `${stem}${letters(tag)}`;
  const org = `initech-${tag}`;
  const ns = `com.initech-${tag}`;
  let orgToken = '';

  const search = async (q: string, token?: string) =>
    (await hub.request('GET', `/api/v1/search?q=${enc(q)}&mode=text&limit=50`, token ? { token } : {})).body;
  const names = (body: { results: { name: string }[] }) => body.results.map((r) => r.name);
  const publish = async (body: Record<string, unknown>, token = hub.adminToken) =>
    hub.request('POST', '/v0.1/publish', { token, body });

  beforeAll(async () => {
    hub = await createTestHub();
    const admin = hub.adminToken;
    const login = `owner-${tag}`;
    expect((await hub.request('POST', '/api/v1/users', { token: admin, body: { login } })).status).toBe(201);
    const personal = (
      await hub.request('POST', `/api/v1/users/${login}/tokens`, {
        token: admin,
        body: { namespace: '*', scopes: ['read'] },
      })
    ).body.token;
    expect(
      (
        await hub.request('POST', '/api/v1/orgs', {
          token: personal,
          body: { name: org, defaultVisibility: 'private' },
        })
      ).status,
    ).toBe(201);
    expect(
      (await hub.request('POST', `/api/v1/orgs/${org}/namespaces`, { token: admin, body: { namespace: ns } })).status,
    ).toBe(201);
    const minted = await hub.request('POST', `/api/v1/orgs/${org}/tokens`, {
      token: personal,
      body: { scopes: ['read', 'publish'], namespace: `${ns}/*` },
    });
    expect(minted.status).toBe(201);
    orgToken = minted.body.token;
  }, 60_000);
  afterAll(() => hub?.close());

  it('refuses a local publish whose title or description is over the current limits, whatever $schema it names', async () => {
    const name = `io.github.limits-${tag}/huge`;
    for (const extra of [
      {
        $schema: 'https://static.modelcontextprotocol.io/schemas/2025-07-09/server.schema.json',
        title: 'word '.repeat(180_000),
      },
      {
        $schema: 'https://static.modelcontextprotocol.io/schemas/2025-09-16/server.schema.json',
        title: 't'.repeat(101),
      },
      {
        $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
        description: 'd'.repeat(101),
      },
    ]) {
      const res = await publish(serverJson(name, '1.0.0', extra));
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors.map((e: { location: string }) => e.location)).toContain(
        extra.title ? 'body.title' : 'body.description',
      );
      expect(res.text.length).toBeLessThan(5_000);
    }
    expect((await hub.request('GET', `/v0.1/servers/${enc(name)}/versions`)).status).toBe(404);
    // At the limit, under a schema without a title, it is published.
    expect(
      (
        await publish(
          serverJson(name, '1.0.0', {
            $schema: 'https://static.modelcontextprotocol.io/schemas/2025-09-16/server.schema.json',
            title: 't'.repeat(100),
          }),
        )
      ).status,
    ).toBe(200);
  });

  it('indexes a mirrored 900 KB title and a stored description holding NUL (cleaned, bounded), and what is published after them', async () => {
    const giant = `io.github.mirrored-${tag}/giant`;
    const nul = `io.github.mirrored-${tag}/nul`;
    const giantWord = word('brontosaurus');
    const nulWord = word('nullabor');
    const meta = {
      'io.modelcontextprotocol.registry/official': {
        status: 'active',
        publishedAt: '2025-09-10T13:57:43Z',
        updatedAt: '2025-09-10T13:57:43Z',
        isLatest: true,
      },
    };
    const entry = (name: string, server: Record<string, unknown>) => ({
      server: {
        $schema: 'https://static.modelcontextprotocol.io/schemas/2025-09-16/server.schema.json',
        name,
        version: '1.0.0',
        remotes: [{ type: 'sse', url: 'https://x.example/sse' }],
        ...server,
      },
      _meta: meta,
    });
    const report = await hub.app
      .get(MirrorService)
      .importEntries([
        entry(giant, { title: `${giantWord} ${'word '.repeat(180_000)}`, description: 'A giant title' }),
        entry(nul, { description: `Reads ${nulWord} MARK values` }),
      ]);
    expect(report.written).toBe(2);
    // A row stored before the mirror refused NUL: the index must cope with what the database holds.
    await hub.query(
      `update server_versions set server_json = replace(server_json::text, 'MARK', '\\u0000')::json, updated_at = now() where server_name = '${nul}'`,
    );
    expect(
      await hub.query(
        `select 1 as nul from server_versions where server_name = '${nul}' and strpos(server_json::text, '\\u0000') > 0`,
      ),
    ).toEqual([{ nul: 1 }]);
    await hub.app.get(SearchIndexer).catchUp();

    const later = `io.github.later-${tag}/after`;
    const laterWord = word('quetzalcoatl');
    expect((await publish(serverJson(later, '1.0.0', { description: `Tracks ${laterWord}` }))).status).toBe(200);
    await eventually(
      async () => names(await search(laterWord)).includes(later),
      15_000,
      'the later publish searchable',
    );

    const g = await eventually(
      async () => (await search(giantWord)).results.find((r: { name: string }) => r.name === giant),
      15_000,
      'the giant title searchable',
    );
    expect(g.title.startsWith(`${giantWord} word`)).toBe(true);
    expect(g.title.length).toBeLessThanOrEqual(500);
    const n = await eventually(
      async () => (await search(nulWord)).results.find((r: { name: string }) => r.name === nul),
      15_000,
      'the NUL description searchable',
    );
    expect(n.description).toBe(`Reads ${nulWord}   values`);
    expect(
      (await hub.request('GET', '/api/v1/search/index-failures', { token: hub.adminToken })).body.failures,
    ).toEqual([]);
  }, 60_000);

  describe('a document Postgres refuses', () => {
    const poison = `${ns}/poison`;
    const secret = word('xylophonist');
    const good = [0, 1, 2].map((i) => `io.github.good-${tag}/server-${i}`);
    const goodWord = word('marmoset');

    beforeAll(async () => {
      // The database refuses this one server's document, as it refused a 900 KB tsvector.
      await hub.query(`create function test_refuse_document() returns trigger language plpgsql as $$
        begin
          if new.server_name = '${poison}' then
            raise exception 'string is too long for tsvector (903471 bytes, max 1048575 bytes)' using errcode = '54000';
          end if;
          return new;
        end $$`);
      await hub.query(
        `create trigger test_refuse_document before insert or update on search_documents for each row execute function test_refuse_document()`,
      );
      // Private to the org, with words nobody outside it may read.
      expect(
        (await publish(serverJson(poison, '1.0.0', { description: `Holds ${secret} payroll` }), orgToken)).status,
      ).toBe(200);
      for (const name of good)
        expect((await publish(serverJson(name, '1.0.0', { description: `Feeds ${goodWord}` }))).status).toBe(200);
      // Every document rewritten in batches that all hold the refused one.
      await hub.app.get(SearchIndexer).reindexAll({ force: true });
    }, 60_000);

    it('is narrowed down: every other document of its batch is indexed', async () => {
      await eventually(
        async () => (await search(goodWord)).total === good.length,
        15_000,
        'the good servers searchable',
      );
      expect(names(await search(secret, orgToken))).toEqual([]);
      expect(await hub.query(`select server_name from search_documents where server_name = '${poison}'`)).toEqual([]);
      // Left out, not retried: nothing is pending, and a restart's catch-up finds nothing to redo.
      const indexer = hub.app.get(SearchIndexer);
      await indexer.idle();
      expect(await indexer.catchUp()).toBe(0);
    });

    it('is listed with its reason for instance admins only', async () => {
      const path = '/api/v1/search/index-failures';
      expect((await hub.request('GET', path)).status).toBe(401);
      const member = await hub.request('GET', path, { token: orgToken });
      expect(member.status).toBe(403);
      expect(member.headers.get('content-type')).toContain('application/problem+json');
      const res = await hub.request('GET', path, { token: hub.adminToken });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        failures: [
          {
            name: poison,
            version: '1.0.0',
            reason: 'string is too long for tsvector (903471 bytes, max 1048575 bytes) (SQLSTATE 54000)',
            sourceUpdatedAt: expect.any(String),
            failedAt: expect.any(String),
          },
        ],
        retrying: null,
      });
    });

    it('shows on anonymous /healthz as a short reason: no private name, text or SQL', async () => {
      const res = await hub.request('GET', '/healthz');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('degraded');
      expect(res.body.checks.search).toMatchObject({
        status: 'degraded',
        detail: '1 document skipped: the index refused it',
        skipped: 1,
      });
      for (const leak of [secret, poison, 'payroll', 'insert into', 'select', 'params'])
        expect(res.text.toLowerCase()).not.toContain(leak.toLowerCase());
      expect(res.text.length).toBeLessThan(2_000);
    });

    it('is indexed again once its source changes, and the failure is cleared', async () => {
      await hub.query('drop trigger test_refuse_document on search_documents');
      expect(
        (await publish(serverJson(poison, '1.0.1', { description: `Holds ${secret} payroll` }), orgToken)).status,
      ).toBe(200);
      await eventually(
        async () => names(await search(secret, orgToken)).includes(poison),
        15_000,
        'the new version searchable',
      );
      expect(names(await search(secret))).toEqual([]);
      await eventually(
        async () => (await hub.request('GET', '/healthz')).body.checks.search.status === 'ok',
        15_000,
        'healthy again',
      );
      expect(
        (await hub.request('GET', '/api/v1/search/index-failures', { token: hub.adminToken })).body.failures,
      ).toEqual([]);
    });
  });

  it('never shows a server made private to an anonymous search, not even right after the PATCH answers', async () => {
    const name = `${ns}/flipflop`;
    const flipWord = word('axolotl');
    expect((await publish(serverJson(name, '1.0.0', { description: `Breeds ${flipWord}` }), orgToken)).status).toBe(
      200,
    );
    const patch = (visibility: string) =>
      hub.request('PATCH', `/api/v1/servers/${enc(name)}/visibility`, { token: orgToken, body: { visibility } });
    const shownTo = async (token?: string) => {
      const body = await search(flipWord, token);
      const listed = names(body).includes(name);
      // Nothing counted that is not listed.
      expect({ listed, total: body.total }).toEqual({ listed, total: listed ? 1 : 0 });
      return listed;
    };
    for (let trial = 0; trial < 20; trial++) {
      expect((await patch('public')).status).toBe(200);
      await eventually(() => shownTo(), 15_000, `public again (trial ${trial})`);
      expect((await patch('private')).status).toBe(200);
      expect({ trial, shown: await shownTo() }).toEqual({ trial, shown: false });
      expect({ trial, member: await shownTo(orgToken) }).toEqual({ trial, member: true });
    }
  }, 120_000);
});
