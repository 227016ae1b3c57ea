import { INDEX_LIMITS, buildDocument, cleanText, splitWords, vocabulary, type LatestVersionRow } from './document';

const publishedAt = new Date('2025-09-01T10:00:00Z');
const sourceUpdatedAt = '2025-09-02 10:00:00.123456+00';

function row(serverJson: Record<string, unknown> = {}, over: Partial<LatestVersionRow> = {}): LatestVersionRow {
  return {
    serverName: 'io.github.alice/mcpWeatherServer',
    namespace: 'io.github.alice',
    version: '1.2.0',
    serverJson: {
      name: 'io.github.alice/mcpWeatherServer',
      title: '  Weather  ',
      description: 'Forecasts for any city',
      version: '1.2.0',
      ...serverJson,
    },
    status: 'active',
    publishedAt,
    sourceUpdatedAt,
    privateOrgId: null,
    ...over,
  };
}

const packages = [
  { registryType: 'NPM', identifier: '@alice/weather-mcp', version: '1.2.0', transport: { type: 'stdio' } },
  { registryType: 'npm', identifier: 'weatherServer_cli', version: '1.2.0', transport: { type: 'stdio' } },
  {
    registryType: 'PyPI',
    identifier: 'weather.py',
    version: '1.2.0',
    transport: { type: 'streamable-http', url: 'http://localhost:8000/mcp' },
  },
  { registryType: 'oci', identifier: 'ghcr.io/alice/weather', version: '1.2.0', transport: 'stdio' },
  { registryType: 42, version: '1.2.0' },
];
const remotes = [
  { type: 'sse', url: 'https://weather.example.com/sse' },
  { type: 'streamable-http', url: 'https://weather.example.com/mcp' },
  { url: 'https://weather.example.com/untyped' },
];

describe('buildDocument', () => {
  it('builds every field of a full server.json', () => {
    const doc = buildDocument(row({ packages, remotes }));
    expect(doc).toEqual({
      serverName: 'io.github.alice/mcpWeatherServer',
      version: '1.2.0',
      namespace: 'io.github.alice',
      title: 'Weather',
      description: 'Forecasts for any city',
      status: 'active',
      privateOrgId: null,
      registryTypes: ['npm', 'oci', 'pypi'],
      transports: ['sse', 'stdio', 'streamable-http'],
      hasRemote: true,
      packages,
      remotes,
      nameWords: 'mcp weather server',
      packageWords: 'alice alice weather mcp weather server cli weather py ghcr io alice weather',
      toolWords: '',
      toolNames: [],
      toolsFingerprint: null,
      embeddingText: 'Weather. mcp weather server. Forecasts for any city',
      contentHash: expect.stringMatching(/^[0-9a-f]{40}$/),
      embeddingHash: expect.stringMatching(/^[0-9a-f]{40}$/),
      publishedAt,
      sourceUpdatedAt,
    });
  });

  it('lower-cases registry types and keeps each once', () => {
    const doc = buildDocument(
      row({
        packages: [{ registryType: 'NPM' }, { registryType: 'npm' }, { registryType: 'Npm' }, { registryType: 'PYPI' }],
      }),
    );
    expect(doc.registryTypes).toEqual(['npm', 'pypi']);
  });

  it('takes transports from packages and remotes, each once', () => {
    expect(
      buildDocument(row({ packages: [{ transport: { type: 'stdio' } }, { transport: { type: 'stdio' } }] })).transports,
    ).toEqual(['stdio']);
    expect(buildDocument(row({ remotes: [{ type: 'sse' }, { type: 'sse' }] })).transports).toEqual(['sse']);
    expect(
      buildDocument(
        row({
          packages: [{ transport: { type: 'streamable-http' } }],
          remotes: [{ type: 'streamable-http' }, { type: 'sse' }],
        }),
      ).transports,
    ).toEqual(['sse', 'streamable-http']);
  });

  it('sets hasRemote only when there are remotes', () => {
    const packageOnly = buildDocument(row({ packages }));
    expect(packageOnly.hasRemote).toBe(false);
    expect(packageOnly.transports).toEqual(['stdio', 'streamable-http']);
    expect(buildDocument(row({ remotes: [] })).hasRemote).toBe(false);
    expect(buildDocument(row({ remotes: [{ type: 'sse', url: 'https://x.example/sse' }] })).hasRemote).toBe(true);
  });

  it('copes with a server.json without packages, remotes, title or description', () => {
    const doc = buildDocument(
      row({ title: undefined, description: undefined, packages: 'npm', remotes: { type: 'sse' } }),
    );
    expect(doc.title).toBeNull();
    expect(doc.description).toBe('');
    expect(doc.registryTypes).toEqual([]);
    expect(doc.transports).toEqual([]);
    expect(doc.hasRemote).toBe(false);
    expect(doc.packages).toEqual([]);
    expect(doc.remotes).toEqual([]);
    expect(doc.packageWords).toBe('alice');
    expect(doc.embeddingText).toBe('mcp weather server');
  });

  it('treats a blank title as none', () => {
    const doc = buildDocument(row({ title: '   ' }));
    expect(doc.title).toBeNull();
    expect(doc.embeddingText).toBe('mcp weather server. Forecasts for any city');
  });

  it.each([
    ['io.github.alice', 'alice'],
    ['com.stripe', 'stripe'],
    ['io.gitlab.acme', 'acme'],
    ['ai.smithery.bob', 'bob'],
    ['dev.mcp.tools', 'tools'],
    ['co.app.net.org', ''],
    ['com.acme.weather', 'acme weather'],
    ['IO.GitHub.Alice', 'Alice'],
  ])('drops the noise labels of namespace %s', (namespace, owner) => {
    expect(buildDocument(row({}, { namespace, serverName: `${namespace}/x` })).packageWords).toBe(owner);
  });

  it('splits the server name after the slash into words', () => {
    expect(buildDocument(row({}, { serverName: 'io.github.modelcontextprotocol/server-filesystem' })).nameWords).toBe(
      'server filesystem',
    );
    expect(buildDocument(row({}, { serverName: 'com.example/my_server.v2' })).nameWords).toBe('my server v2');
  });

  describe('hashes', () => {
    const base = buildDocument(row({ packages, remotes }));

    it('are the same for the same input', () => {
      const again = buildDocument(row({ packages, remotes }));
      expect(again.contentHash).toBe(base.contentHash);
      expect(again.embeddingHash).toBe(base.embeddingHash);
    });

    it('change the content hash but not the embedding hash when only the status changes', () => {
      const deprecated = buildDocument(row({ packages, remotes }, { status: 'deprecated' }));
      expect(deprecated.contentHash).not.toBe(base.contentHash);
      expect(deprecated.embeddingHash).toBe(base.embeddingHash);
    });

    it.each<[string, LatestVersionRow]>([
      ['the version', row({ packages, remotes }, { version: '1.2.1' })],
      ['a package', row({ packages: packages.slice(1), remotes })],
      ['a remote', row({ packages, remotes: remotes.slice(1) })],
      ['a transport', row({ packages, remotes: [{ type: 'sse', url: 'https://weather.example.com/mcp' }] })],
      [
        'its visibility (private to an org)',
        row({ packages, remotes }, { privateOrgId: '5f0c3e58-7d39-4a51-9f4e-2b8f0d0a6c11' }),
      ],
    ])('change the content hash but not the embedding hash when %s changes', (_what, changed) => {
      const doc = buildDocument(changed);
      expect(doc.contentHash).not.toBe(base.contentHash);
      expect(doc.embeddingHash).toBe(base.embeddingHash);
    });

    it('change both when the description changes', () => {
      const doc = buildDocument(row({ packages, remotes, description: 'Forecasts for every city' }));
      expect(doc.embeddingHash).not.toBe(base.embeddingHash);
      expect(doc.contentHash).not.toBe(base.contentHash);
    });

    it('change both when the title changes', () => {
      const doc = buildDocument(row({ packages, remotes, title: 'Weather Pro' }));
      expect(doc.embeddingHash).not.toBe(base.embeddingHash);
      expect(doc.contentHash).not.toBe(base.contentHash);
    });

    it('change the content hash, not the embedding hash, when a tool is added, renamed or re-described', () => {
      const tools = (over: { name?: string; description?: string } = {}) => ({
        fingerprint: 'sha256-x',
        tools: [{ name: 'get_forecast', description: 'Forecast for a city', ...over }, { name: 'alerts' }],
      });
      const withTools = buildDocument(row({ packages, remotes }), tools());
      expect(withTools.contentHash).not.toBe(base.contentHash);
      expect(withTools.embeddingHash).toBe(base.embeddingHash);
      for (const other of [tools({ name: 'get_forecasts' }), tools({ description: 'Forecast for a town' })]) {
        const doc = buildDocument(row({ packages, remotes }), other);
        expect(doc.contentHash).not.toBe(withTools.contentHash);
        expect(doc.embeddingHash).toBe(base.embeddingHash);
      }
    });

    it('do not change with the tool fingerprint alone (a schema change: the document is only marked current)', () => {
      const a = buildDocument(row({ packages, remotes }), { fingerprint: 'sha256-a', tools: [{ name: 'x_y' }] });
      const b = buildDocument(row({ packages, remotes }), { fingerprint: 'sha256-b', tools: [{ name: 'x_y' }] });
      expect(b.contentHash).toBe(a.contentHash);
      expect([a.toolsFingerprint, b.toolsFingerprint]).toEqual(['sha256-a', 'sha256-b']);
    });

    it('are those of a document without tools when the runtime knows an empty tool list', () => {
      const empty = buildDocument(row({ packages, remotes }), { fingerprint: 'sha256-e', tools: [] });
      expect(empty.contentHash).toBe(base.contentHash);
      expect(empty.toolsFingerprint).toBe('sha256-e');
    });

    it('ignore whitespace around the title', () => {
      const doc = buildDocument(row({ packages, remotes, title: 'Weather' }));
      expect(doc.contentHash).toBe(base.contentHash);
      expect(doc.embeddingHash).toBe(base.embeddingHash);
    });
  });
});

describe('tool text', () => {
  const set = (tools: { name: string; description?: string }[]) => ({ fingerprint: 'sha256-t', tools });

  it('is each tool name as a query types it and as words, then its description (weight D)', () => {
    const doc = buildDocument(
      row(),
      set([
        { name: 'read_file', description: 'Reads a file from disk' },
        { name: 'getWeather', description: '  Current weather  ' },
        { name: 'list.files' },
      ]),
    );
    expect(doc.toolWords).toBe('read file Reads a file from disk getweather get weather Current weather list files');
    expect(doc.toolNames).toEqual(['getweather', 'list.files', 'read_file']);
    expect(doc.toolsFingerprint).toBe('sha256-t');
  });

  it('keeps tool text out of what is embedded', () => {
    const doc = buildDocument(row(), set([{ name: 'send_email', description: 'Sends an email' }]));
    expect(doc.embeddingText).toBe(buildDocument(row()).embeddingText);
  });

  it('keeps each lower-cased name once, leaves out names no MCP tool may have, and cleans them', () => {
    const doc = buildDocument(
      row(),
      set([
        { name: 'Search' },
        { name: 'search' },
        { name: '' },
        { name: 'n'.repeat(129) },
        { name: 'bad\u0000name' },
        { name: 42 as unknown as string },
      ]),
    );
    expect(doc.toolNames).toEqual(['bad name', 'search']);
    expect(doc.toolWords).not.toMatch(/[\u0000-\u001f]/);
    expect(doc.toolWords).not.toContain('nnnn');
  });

  it('bounds tool text and the names kept (a server may list 1,000 tools with 16 KB descriptions)', () => {
    const tools = Array.from({ length: 1_500 }, (_, i) => ({ name: `tool_${i}`, description: 'x'.repeat(16_384) }));
    const doc = buildDocument(row(), set(tools));
    expect(doc.toolNames).toHaveLength(INDEX_LIMITS.toolNames);
    expect(doc.toolWords.length).toBeLessThanOrEqual(INDEX_LIMITS.toolText);
    expect(doc.toolWords.startsWith(`tool 0 ${'x'.repeat(INDEX_LIMITS.toolDescription)} tool 1 `)).toBe(true);
  });

  it('is learned by the vocabulary (typo tolerance) like the other fields', () => {
    const doc = buildDocument(row(), set([{ name: 'geocode_address', description: 'Finds coordinates' }]));
    expect(vocabulary(doc)).toEqual(expect.arrayContaining(['geocode', 'address', 'finds', 'coordinates']));
  });
});

describe('what the index is given', () => {
  it('bounds a huge mirrored title and description (Postgres refuses a tsvector over 1 MB)', () => {
    const doc = buildDocument(
      row({ title: `Giant ${'word '.repeat(180_000)}`, description: 'lorem '.repeat(200_000) }),
    );
    expect(doc.title!.length).toBeLessThanOrEqual(INDEX_LIMITS.title);
    expect(doc.title!.startsWith('Giant word')).toBe(true);
    expect(doc.description.length).toBe(INDEX_LIMITS.description);
    expect(doc.embeddingText.length).toBeLessThan(INDEX_LIMITS.title + INDEX_LIMITS.description + 100);
  });

  it('strips NUL and other control characters, and lone surrogates, from every text it stores', () => {
    const doc = buildDocument(
      row({
        title: 'Null\u0000Title',
        description: 'Line one\nline\u0000two\u0007 bell \u009f end \ud800 alone',
        packages: [
          {
            registryType: 'npm\u0000',
            identifier: '@a/b\u0000c',
            transport: { type: 'stdio\u0001' },
            environmentVariables: [{ name: 'X\u0000', description: '\udc00' }],
          },
        ],
        remotes: [{ type: 'sse', url: 'https://x.example/\u0000' }],
      }),
    );
    const stored = JSON.stringify([
      doc.title,
      doc.description,
      doc.packages,
      doc.remotes,
      doc.registryTypes,
      doc.transports,
      doc.packageWords,
      doc.embeddingText,
    ]);
    expect(stored).not.toMatch(/\\u00(0|1|7f|8|9)/i);
    expect(stored).not.toMatch(/\\ud[89a-f]/i);
    expect(doc.title).toBe('Null Title');
    expect(doc.description).toBe('Line one\nline two  bell   end \ufffd alone');
    expect(doc.registryTypes).toEqual(['npm']);
    expect(doc.transports).toEqual(['sse', 'stdio']);
  });

  it('bounds the packages and remotes a result shows', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({
      registryType: 'npm',
      identifier: `pkg-${i}`,
      description: 'x'.repeat(100_000),
    }));
    const doc = buildDocument(row({ packages: many }));
    expect(doc.packages).toHaveLength(INDEX_LIMITS.displayItems);
    expect(JSON.stringify(doc.packages).length).toBeLessThan(
      INDEX_LIMITS.displayItems * (INDEX_LIMITS.displayString + 200),
    );
  });

  it('never cuts a surrogate pair in two', () => {
    expect(cleanText('ab😀', 3)).toBe('ab');
    expect(cleanText('ab😀', 4)).toBe('ab😀');
  });
});

describe('splitWords', () => {
  it.each([
    ['server-filesystem', 'server filesystem'],
    ['@acme/mcpWeatherServer', 'acme mcp weather server'],
    ['mcp2Server', 'mcp2 server'],
    ['snake_case_name', 'snake case name'],
    ['foo..bar--baz__qux', 'foo bar baz qux'],
    ['  --trimmed--  ', 'trimmed'],
    ['UPPER', 'upper'],
    ['HTTPServer', 'http server'],
    ['myJSONParser2', 'my json parser2'],
    ['Größe-Über', 'größe über'],
    ['ghcr.io/alice/weather:1.0', 'ghcr io alice weather 1 0'],
    ['', ''],
    ['---', ''],
  ])('%s → "%s"', (input, words) => {
    expect(splitWords(input)).toBe(words);
  });
});

describe('vocabulary', () => {
  it('learns lower-cased words of 3 to 32 letters from name, title, description and package words, each once, sorted', () => {
    const doc = buildDocument(
      row(
        {
          title: 'Weather Tools',
          description: 'Get forecasts, e.g. 7-day! Données météo for MCP and mcp2go.',
          packages: [{ identifier: '@alice/weather-mcp' }],
        },
        { serverName: 'io.github.alice/mcpWeatherServer' },
      ),
    );
    expect(vocabulary(doc)).toEqual([
      'alice',
      'and',
      'day',
      'données',
      'for',
      'forecasts',
      'get',
      'mcp',
      'météo',
      'server',
      'tools',
      'weather',
    ]);
  });

  it('skips digits and words shorter than 3 letters', () => {
    const doc = buildDocument(
      row({ title: 'A b', description: '12 34 x1' }, { serverName: 'com.example/ab', namespace: 'com.example' }),
    );
    expect(vocabulary(doc)).toEqual(['example']);
  });
});
