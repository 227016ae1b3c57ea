import { readCapabilities, readDrift, requiredArguments } from './capabilities';

describe('readCapabilities', () => {
  const body = {
    name: 'io.github.acme/x',
    version: '1.0.0',
    status: 'ok',
    source: 'declared',
    inspectedAt: '2026-03-01T10:00:00.000Z',
    tools: [
      { name: 'search', inputSchema: { type: 'object', required: ['q'] }, fingerprint: 'sha256-a' },
      { name: 'no-fingerprint', inputSchema: {} },
      'not a tool',
    ],
    resources: [{ uri: 'x://1', name: 'one' }, { uri: 'x://2' }],
    resourceTemplates: null,
    prompts: [{ name: 'p' }],
    toolsFingerprint: 'sha256-all',
    changes: { since: '0.9.0', added: ['search', 3], removed: [], changed: 'x' },
  };

  it('keeps what the API documents and drops entries that are not', () => {
    const c = readCapabilities(body)!;
    expect(c).toMatchObject({ status: 'ok', source: 'declared', toolsFingerprint: 'sha256-all' });
    expect(c.tools.map((t) => t.name)).toEqual(['search']);
    expect(c.resources).toEqual([{ uri: 'x://1', name: 'one' }]);
    expect(c.resourceTemplates).toEqual([]);
    expect(c.prompts).toEqual([{ name: 'p' }]);
    expect(c.changes).toEqual({ since: '0.9.0', added: ['search'], removed: [], changed: [] });
  });

  it('keeps the rest of the body for --json, and blanks documented fields of the wrong type', () => {
    const c = readCapabilities({
      ...body,
      protocolVersion: '2025-06-18',
      reason: { html: '<b>' },
      missingConfig: 'API_KEY',
      transport: 7,
      tools: [{ name: 'x', description: 42, title: ['t'], inputSchema: 'any', fingerprint: 'sha256-x' }],
    })!;
    expect(c).toMatchObject({ protocolVersion: '2025-06-18', reason: undefined, missingConfig: undefined });
    expect(c.transport).toBeUndefined();
    expect(c.tools).toEqual([
      { name: 'x', description: undefined, title: undefined, inputSchema: {}, fingerprint: 'sha256-x' },
    ]);
  });

  it('is undefined for a body that is not a capabilities answer', () => {
    for (const b of [null, 'ok', [], { status: 'ok' }, { status: 'great', tools: [] }, { status: 7, tools: [] }])
      expect(readCapabilities(b)).toBeUndefined();
  });
});

describe('readDrift', () => {
  it('reads drift events, leaving out malformed ones', () => {
    const drift = readDrift({
      remotes: [],
      drift: [
        {
          url: 'https://a/mcp',
          version: '1.0.0',
          detectedAt: '2026-03-01T00:00:00Z',
          previousFingerprint: 'sha256-1',
          fingerprint: 'sha256-2',
          added: [],
          removed: [],
          changed: ['echo'],
        },
        { url: 'https://a/mcp' },
      ],
    });
    expect(drift).toEqual([expect.objectContaining({ fingerprint: 'sha256-2', changed: ['echo'], added: [] })]);
    expect(readDrift({ remotes: [] })).toBeUndefined();
  });
});

describe('requiredArguments', () => {
  it("lists the schema's required names, and none for a schema without", () => {
    expect(requiredArguments({ inputSchema: { type: 'object', required: ['city', 'units'] } })).toEqual([
      'city',
      'units',
    ]);
    expect(requiredArguments({ inputSchema: { type: 'object' } })).toEqual([]);
  });
});
