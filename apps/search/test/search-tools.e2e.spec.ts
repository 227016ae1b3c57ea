import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import type { InspectionOutcome } from '@mcp-hub/domain';
import { CapabilitiesService } from '@mcp-hub/runtime';
import { SearchIndexer } from '../src';
import {
  LOCAL_EMBEDDINGS,
  enc,
  eventually,
  serverJson,
  twoPrivateOrgs,
  createTestHub,
  testDbKind,
  useTestHub,
} from '../../../test/harness';

/**
 * Tool text in search: the tools the Runtime service stored for a server's latest version are
 * indexed (weight D), reindexed when they change (in this process, or found by the catch-up),
 * filterable with `tool=`, ranked the same by both engines, and a private server's tools are never
 * found, counted or learned outside its org.
 */
describe('search over tool names and descriptions', () => {
  const hub = useTestHub({ env: LOCAL_EMBEDDINGS }, 60_000);
  const tag = Date.now().toString(36);
  /** Words of letters only, as the index splits them. */
  const word = (stem: string) => `${stem}${tag.replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)]!)}`;
  const toolWord = word('zorblax');
  const secret = word('quibbleton');
  const later = word('frobnicate');

  const pub = `io.github.tools-${tag}/quotes`;
  const other = `io.github.tools-${tag}/files`;
  const declared = `io.github.tools-${tag}/declared`;
  const ns = `com.tools-${tag}`;
  const priv = `${ns}/ledger`;
  let members: Record<string, string> = {};
  let orgToken = '';

  type Viewer = 'anonymous' | 'member' | 'outsider';
  const tokenOf = (v: Viewer) => (v === 'member' ? members.in : v === 'outsider' ? members.out : undefined);
  const search = async (query: string, viewer: Viewer = 'anonymous') => {
    const token = tokenOf(viewer);
    const res = await hub.request('GET', `/api/v1/search?${query}`, token ? { token } : {});
    expect({ query, status: res.status }).toEqual({ query, status: 200 });
    return res.body;
  };
  const names = (body: { results: { name: string }[] }) => body.results.map((r) => r.name);
  const publish = async (name: string, description: string, token = hub.adminToken) =>
    expect(
      (await hub.request('POST', '/v0.1/publish', { token, body: serverJson(name, '1.0.0', { description }) })).status,
    ).toBe(200);
  const inspected = (tools: { name: string; description?: string }[]): InspectionOutcome => ({
    status: 'ok',
    transport: 'stdio',
    capabilities: {
      protocolVersion: '2025-06-18',
      serverInfo: { name: 'x', version: '1' },
      capabilities: { tools: {} },
      tools: tools.map((t) => ({ ...t, inputSchema: { type: 'object' } })),
      resources: [],
      resourceTemplates: [],
      prompts: [],
    },
  });
  const record = (name: string, tools: { name: string; description?: string }[]) =>
    hub.app.get(CapabilitiesService).record(name, '1.0.0', inspected(tools));
  const indexed = async () => hub.app.get(SearchIndexer).idle();

  beforeAll(async () => {
    ({ members, orgToken } = await twoPrivateOrgs(hub, ns, {
      login: (who) => `tools-${who}-${tag}`,
      org: (who) => `tools-${who}-${tag}`,
    }));
    await publish(pub, 'Stock market data');
    await publish(other, 'Works with files');
    await publish(declared, 'Publisher-declared tools');
    await publish(priv, 'Internal accounting', orgToken);
    // Words shared with name, description and tools, so fields of every weight mix in one ranking.
    for (const [i, description] of ['Quotes and files', 'Reads quotes aloud', 'Ledger of files'].entries())
      await publish(`io.github.tools-${tag}/mixed-${i}`, description);
    await eventually(async () => (await search('limit=1')).total === 6, 15_000, 'the public servers indexed');
    await indexed();
  }, 60_000);

  it('finds a server by a word only its tools hold, once they are recorded, and not before', async () => {
    // (Text mode: hybrid adds semantic neighbours, and with six servers every one is a neighbour.)
    expect((await search(`q=${toolWord}&mode=text`)).total).toBe(0);
    await record(pub, [
      { name: 'Read_File', description: `Reads a ${toolWord} quote from disk` },
      { name: 'getQuote', description: 'Latest quote for a ticker' },
    ]);
    const found = await eventually(
      async () => {
        const body = await search(`q=${toolWord}&mode=text`);
        return body.total === 1 ? body : undefined;
      },
      15_000,
      'the tool description searchable',
    );
    expect(names(found)).toEqual([pub]);
    // The result is the server, as published: tool text is matched, not shown.
    expect(found.results[0]).toMatchObject({ name: pub, description: 'Stock market data', highlights: {} });
    expect(names(await search(`q=${toolWord}`))).toContain(pub);
    // The name as a query types it ("getQuote" → "getquote"), and as words.
    await indexed();
    expect(names(await search('q=getquote&mode=text'))).toEqual([pub]);
    expect(names(await search('q=read%20file&mode=text'))).toContain(pub);
  });

  it('ranks a tool-only match below name, description and package matches (weight D)', async () => {
    await record(`io.github.tools-${tag}/mixed-2`, [{ name: 'quote_lookup', description: 'Looks quotes up' }]);
    await eventually(
      async () => names(await search('q=lookup&mode=text')).includes(`io.github.tools-${tag}/mixed-2`),
      15_000,
      'the second tool list indexed',
    );
    const ranked = names(await search('q=quotes&mode=text&limit=10'));
    // Name ("quotes") first, descriptions next, tool text last.
    expect(ranked[0]).toBe(pub);
    expect(ranked.slice(-1)).toEqual([`io.github.tools-${tag}/mixed-2`]);
    expect(ranked).toEqual(
      expect.arrayContaining([`io.github.tools-${tag}/mixed-0`, `io.github.tools-${tag}/mixed-1`]),
    );
  });

  it('filters by an exact tool name, case-insensitively, for browsing and queries, counting only those servers', async () => {
    await record(other, [{ name: 'read_file_contents', description: 'Reads files' }]);
    await indexed();
    for (const tool of ['read_file', 'READ_FILE', 'Read_File']) {
      const body = await search(`tool=${tool}`);
      expect(names(body)).toEqual([pub]);
      expect(body.total).toBe(1);
      expect(body.facets).toEqual({
        registryType: { npm: 1 },
        transport: { stdio: 1 },
        hasRemote: { false: 1 },
        status: { active: 1 },
      });
    }
    // Exact names only: neither a prefix nor a longer name matches.
    for (const tool of ['read', 'read_fil', 'read_file_contents_x'])
      expect((await search(`tool=${tool}`)).total).toBe(0);
    expect(names(await search('tool=read_file_contents'))).toEqual([other]);
    // With a query: the servers both match.
    expect(names(await search('q=files&mode=text&tool=read_file_contents'))).toEqual([other]);
    expect((await search(`q=${toolWord}&mode=text&tool=read_file_contents`)).total).toBe(0);
    for (const mode of ['hybrid', 'semantic']) {
      const body = await search(`q=${enc('read files from disk')}&mode=${mode}&tool=read_file`);
      expect(names(body)).toEqual([pub]);
      expect(body.total).toBe(1);
    }
  });

  it('indexes tools the publisher declared', async () => {
    const put = await hub.request('PUT', `/api/v1/servers/${enc(declared)}/versions/1.0.0/capabilities`, {
      token: hub.adminToken,
      body: { tools: [{ name: 'announce', description: `Announces ${later}`, inputSchema: { type: 'object' } }] },
    });
    expect(put.status).toBe(200);
    await eventually(
      async () => names(await search(`q=${later}&mode=text`)).includes(declared),
      15_000,
      'the declared tools searchable',
    );
    expect(names(await search('tool=announce'))).toEqual([declared]);
  });

  it("never finds, counts or learns a private server's tools outside its org", async () => {
    await record(priv, [{ name: 'read_file', description: `Reads ${secret} ledgers` }]);
    const mine = await eventually(
      async () => {
        const body = await search(`q=${secret}&mode=text`, 'member');
        return body.total === 1 ? body : undefined;
      },
      15_000,
      'the private tool text searchable by a member',
    );
    expect(names(mine)).toEqual([priv]);
    const both = await search('tool=read_file', 'member');
    expect(names(both).sort()).toEqual([pub, priv].sort());
    expect(both.facets.registryType).toEqual({ npm: 2 });

    for (const viewer of ['anonymous', 'outsider'] as const) {
      for (const mode of ['text', 'hybrid', 'semantic']) {
        const body = await search(`q=${secret}&mode=${mode}`, viewer);
        expect({ viewer, mode, results: body.results, total: body.total }).toEqual({
          viewer,
          mode,
          results: [],
          total: 0,
        });
        expect(body.facets).toEqual({ registryType: {}, transport: {}, hasRemote: {}, status: {} });
      }
      const filtered = await search('tool=read_file', viewer);
      expect(names(filtered)).toEqual([pub]);
      expect(filtered.total).toBe(1);
      expect(filtered.facets.registryType).toEqual({ npm: 1 });
      expect((await search(`q=${secret}&tool=read_file`, viewer)).total).toBe(0);
    }
    // Typo tolerance never learned the private word: no correction can spell it out.
    expect(await hub.query(`select term from search_terms where term = '${secret}'`)).toEqual([]);
    expect(await hub.query(`select term from search_terms where term = '${toolWord}'`)).toEqual([{ term: toolWord }]);
  });

  it('answers from memory exactly as Postgres answers, tool text and tool filters included', async () => {
    await indexed();
    const config = hub.app.get<HubConfig>(HUB_CONFIG);
    const queries = [
      `q=${toolWord}`,
      'q=quotes',
      'q=quote%20files',
      'q=getquote',
      'q=read%20file',
      `q=${secret}`,
      'q=ledgers',
      'tool=read_file',
      'tool=READ_FILE&q=quotes',
      'tool=announce',
      'tool=nothing_has_this',
      'q=files&tool=read_file_contents',
      'limit=20',
    ];
    // Vectors are searched in memory under both engines only where the database has no pgvector.
    const modes = hub.dbKind === 'postgres' ? ['text', 'hybrid', 'semantic'] : ['text'];
    const answers = async (engine: 'memory' | 'postgres') => {
      config.search.engine = engine;
      const out: unknown[] = [];
      for (const viewer of ['anonymous', 'member', 'outsider'] as const)
        for (const mode of modes)
          for (const q of queries) {
            if (mode === 'semantic' && !q.includes('q=')) continue;
            out.push({ viewer, mode, q, body: await search(`${q}&mode=${mode}`, viewer) });
          }
      return out;
    };
    try {
      const fromPostgres = await answers('postgres');
      const fromMemory = await answers('memory');
      expect(fromMemory).toEqual(fromPostgres);
      // Not vacuous: most of them match something.
      const matched = fromMemory.filter((a) => (a as { body: { total: number } }).body.total > 0).length;
      expect(matched).toBeGreaterThan(fromMemory.length * 0.6);
    } finally {
      config.search.engine = 'memory';
    }
  }, 60_000);

  it('reindexes when the tools change, and drops them when the inspection no longer ends ok', async () => {
    await record(pub, [{ name: 'get_price', description: `Prices ${later} futures` }]);
    await eventually(
      async () => names(await search(`q=${later}&mode=text`)).includes(pub),
      15_000,
      'the new tool text searchable',
    );
    await indexed();
    expect((await search(`q=${toolWord}&mode=text`)).total).toBe(0);
    expect((await search('tool=read_file')).total).toBe(0);
    expect(names(await search('tool=get_price'))).toEqual([pub]);

    await hub.app.get(CapabilitiesService).record(pub, '1.0.0', { status: 'timeout', reason: 'no answer in 30 s' });
    await eventually(async () => (await search('tool=get_price')).total === 0, 15_000, 'the tools gone');
    expect(names(await search(`q=${later}&mode=text`))).toEqual([declared]);
  });

  if (testDbKind() === 'postgres') {
    it('hears of tools another process stored, through the capabilities change feed', async () => {
      const second = await createTestHub({ databaseUrl: hub.databaseUrl, adminToken: hub.adminToken });
      const heard = word('gallimaufry');
      const target = `io.github.tools-${tag}/mixed-1`;
      try {
        await second.app
          .get(CapabilitiesService)
          .record(target, '1.0.0', inspected([{ name: 'mingle', description: `Mixes ${heard}` }]));
        // This process's engine holds documents in memory: only the notification makes it read the new one.
        await eventually(
          async () => names(await search(`q=${heard}&mode=text`)).includes(target),
          15_000,
          "another process's tools searchable here",
        );
        expect(names(await search('tool=mingle'))).toEqual([target]);
      } finally {
        await second.close();
      }
    });
  }

  it('catches up at boot with tools that changed while search was away, and finds nothing to redo otherwise', async () => {
    const indexer = hub.app.get(SearchIndexer);
    await indexer.idle();
    expect(await indexer.catchUp()).toBe(0);
    // Written behind search's back: no event, no notification (as by a runtime worker while this process was down).
    const fresh = word('snorkelwick');
    await hub.query(
      `update capabilities set tools = '[{"name":"dive","description":"Dives for ${fresh}","inputSchema":{}}]'::jsonb,
        tools_fingerprint = 'sha256-changed-behind-our-back'
       where server_name = '${other}' and source = 'inspected'`,
    );
    expect((await search(`q=${fresh}&mode=text`)).total).toBe(0);
    expect(await indexer.catchUp()).toBe(1);
    await indexer.idle();
    expect(names(await search(`q=${fresh}&mode=text`))).toEqual([other]);
    expect(names(await search('tool=dive'))).toEqual([other]);
    expect(await indexer.catchUp()).toBe(0);

    // A new tool fingerprint with the same text (a schema changed): marked current, not rewritten.
    await hub.query(
      `update capabilities set tools_fingerprint = 'sha256-schema-only' where server_name = '${other}' and source = 'inspected'`,
    );
    const before = await hub.query<{ indexed_at: string }>(
      `select indexed_at::text from search_documents where server_name = '${other}'`,
    );
    expect(await indexer.catchUp()).toBe(1);
    await indexer.idle();
    expect(await indexer.catchUp()).toBe(0);
    expect(
      await hub.query(
        `select indexed_at::text, tools_fingerprint from search_documents where server_name = '${other}'`,
      ),
    ).toEqual([{ indexed_at: before[0]!.indexed_at, tools_fingerprint: 'sha256-schema-only' }]);
  });

  it.each([
    ['tool=', 'query.tool'],
    [`tool=${'t'.repeat(129)}`, 'query.tool'],
    ['tool=a%00b', 'query.tool'],
    ['tool=a&tool=b', 'query.tool'],
  ])('rejects %s with a 400 problem naming %s', async (qs, location) => {
    const res = await hub.request('GET', `/api/v1/search?${qs}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((e: { location: string }) => e.location)).toContain(location);
  });

  it('documents tool= in the OpenAPI document', async () => {
    const doc = (await hub.request('GET', '/openapi.json')).body;
    const params = doc.paths['/api/v1/search'].get.parameters as { name: string; description: string }[];
    expect(params.find((p) => p.name === 'tool')?.description).toMatch(/exactly this name, case-insensitively/);
  });
});
