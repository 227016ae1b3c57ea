import { compareTimestamps, parseUpstreamEntry, type ParsedEntry, type UpstreamVersion } from './upstream-entry';

const OFFICIAL = 'io.modelcontextprotocol.registry/official';

/** One entry of an upstream list page, as the official registry sends it. */
function entry(meta: Record<string, unknown> = {}, server: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    server: { name: 'io.github.alice/weather', description: 'Forecasts', version: '1.2.0', ...server },
    _meta: {
      [OFFICIAL]: {
        status: 'active',
        publishedAt: '2025-09-01T10:00:00.123456789Z',
        updatedAt: '2025-09-02T11:30:00.987654321Z',
        isLatest: true,
        ...meta,
      },
    },
  };
}

function ok(parsed: ParsedEntry): UpstreamVersion {
  if (!parsed.ok) throw new Error(`expected ok, got: ${parsed.reason} (${parsed.label})`);
  return parsed.version;
}

function failure(parsed: ParsedEntry): { reason: string; label: string } {
  if (parsed.ok) throw new Error(`expected a failure, got ${parsed.version.name}@${parsed.version.version}`);
  return { reason: parsed.reason, label: parsed.label };
}

describe('parseUpstreamEntry', () => {
  describe('good entries', () => {
    it('keeps every field, including nanosecond timestamps exactly as sent', () => {
      expect(ok(parseUpstreamEntry(entry()))).toEqual({
        name: 'io.github.alice/weather',
        namespace: 'io.github.alice',
        version: '1.2.0',
        serverJsonText: '{"name":"io.github.alice/weather","description":"Forecasts","version":"1.2.0"}',
        status: 'active',
        statusMessage: null,
        statusChangedAt: '2025-09-02T11:30:00.987654321Z',
        publishedAt: '2025-09-01T10:00:00.123456789Z',
        updatedAt: '2025-09-02T11:30:00.987654321Z',
        isLatest: true,
      });
    });

    it('accepts timestamps without fractions and with numeric offsets', () => {
      const v = ok(
        parseUpstreamEntry(entry({ publishedAt: '2025-09-01T10:00:00Z', updatedAt: '2025-09-01T12:00:00.5+02:00' })),
      );
      expect(v.publishedAt).toBe('2025-09-01T10:00:00Z');
      expect(v.updatedAt).toBe('2025-09-01T12:00:00.5+02:00');
    });

    it('keeps statusMessage for deprecated and deleted versions', () => {
      const deprecated = ok(
        parseUpstreamEntry(entry({ status: 'deprecated', statusMessage: 'use io.github.alice/weather2' })),
      );
      expect(deprecated.status).toBe('deprecated');
      expect(deprecated.statusMessage).toBe('use io.github.alice/weather2');
      const deleted = ok(parseUpstreamEntry(entry({ status: 'deleted', statusMessage: 'malware' })));
      expect(deleted.status).toBe('deleted');
      expect(deleted.statusMessage).toBe('malware');
    });

    it('turns a missing or null statusMessage of a non-active version into null', () => {
      expect(ok(parseUpstreamEntry(entry({ status: 'deprecated' }))).statusMessage).toBeNull();
      expect(ok(parseUpstreamEntry(entry({ status: 'deprecated', statusMessage: null }))).statusMessage).toBeNull();
    });

    it('drops the statusMessage of an active version', () => {
      expect(
        ok(parseUpstreamEntry(entry({ status: 'active', statusMessage: 'left over from a deprecation' })))
          .statusMessage,
      ).toBeNull();
    });

    it('uses statusChangedAt when given, and updatedAt when missing or malformed', () => {
      expect(ok(parseUpstreamEntry(entry({ statusChangedAt: '2025-09-01T15:00:00.000000001Z' }))).statusChangedAt).toBe(
        '2025-09-01T15:00:00.000000001Z',
      );
      expect(ok(parseUpstreamEntry(entry())).statusChangedAt).toBe('2025-09-02T11:30:00.987654321Z');
      expect(ok(parseUpstreamEntry(entry({ statusChangedAt: 'yesterday' }))).statusChangedAt).toBe(
        '2025-09-02T11:30:00.987654321Z',
      );
    });

    it('marks isLatest only for a literal true', () => {
      expect(ok(parseUpstreamEntry(entry({ isLatest: false }))).isLatest).toBe(false);
      expect(ok(parseUpstreamEntry(entry({ isLatest: 'true' }))).isLatest).toBe(false);
      expect(ok(parseUpstreamEntry(entry({ isLatest: undefined }))).isLatest).toBe(false);
    });

    it('re-serializes server.json with its key order intact, nested objects included', () => {
      const text =
        '{"version":"0.1.0","name":"com.example/zeta","$schema":"https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json",' +
        '"packages":[{"transport":{"type":"stdio"},"identifier":"zeta","registryType":"npm","version":"0.1.0"}],"description":"Z","_meta":{"z":1,"a":2}}';
      const raw = { _meta: entry()._meta, server: JSON.parse(text) };
      const v = ok(parseUpstreamEntry(raw));
      expect(v.serverJsonText).toBe(text);
      expect(Object.keys(JSON.parse(v.serverJsonText))).toEqual([
        'version',
        'name',
        '$schema',
        'packages',
        'description',
        '_meta',
      ]);
      expect(v.name).toBe('com.example/zeta');
      expect(v.namespace).toBe('com.example');
      expect(v.version).toBe('0.1.0');
    });

    it('accepts a non-semantic version of 255 characters', () => {
      expect(ok(parseUpstreamEntry(entry({}, { version: '2025-06-18' }))).version).toBe('2025-06-18');
      expect(ok(parseUpstreamEntry(entry({}, { version: 'v'.repeat(255) }))).version).toHaveLength(255);
    });
  });

  describe('malformed entries', () => {
    it.each([
      ['null', null],
      ['a string', 'io.github.alice/weather'],
      ['a number', 42],
      ['an array', [entry()]],
    ])('refuses %s as not an object', (_what, raw) => {
      expect(failure(parseUpstreamEntry(raw))).toEqual({
        reason: 'entry is not an object',
        label: '(no name)@(no version)',
      });
    });

    it.each([
      ['missing', { _meta: entry()._meta }],
      ['null', { server: null, _meta: entry()._meta }],
      ['an array', { server: [{ name: 'io.github.alice/weather' }], _meta: entry()._meta }],
      ['a string', { server: 'io.github.alice/weather', _meta: entry()._meta }],
    ])('refuses an entry whose server is %s', (_what, raw) => {
      expect(failure(parseUpstreamEntry(raw))).toEqual({
        reason: 'entry has no "server" object',
        label: '(no name)@(no version)',
      });
    });

    it('refuses a name with two slashes, labelled with that name', () => {
      expect(failure(parseUpstreamEntry(entry({}, { name: 'io.github.alice/weather/v2' })))).toEqual({
        reason:
          'name must contain exactly one "/" separating namespace from server name (e.g. "io.github.alice/weather")',
        label: 'io.github.alice/weather/v2@1.2.0',
      });
    });

    it.each([
      ['no slash', 'weather', /exactly one "\/"/],
      ['a space', 'io.github.alice/we ather', /may use only letters, digits/],
      ['an underscore in the namespace', 'io_github/weather', /may use only letters, digits/],
      ['too short', 'a/', /3 to 200 characters/],
      ['too long', `com.example/${'x'.repeat(200)}`, /3 to 200 characters/],
    ])('refuses a name with %s', (_what, name, reason) => {
      const f = failure(parseUpstreamEntry(entry({}, { name })));
      expect(f.reason).toMatch(reason);
      expect(f.label).toBe(`${name.slice(0, 200)}@1.2.0`);
    });

    it('refuses a missing or non-string name with a "(no name)" label', () => {
      const raw = entry();
      delete (raw.server as Record<string, unknown>).name;
      expect(failure(parseUpstreamEntry(raw))).toEqual({ reason: 'name must be a string', label: '(no name)@1.2.0' });
      expect(failure(parseUpstreamEntry(entry({}, { name: 7 })))).toEqual({
        reason: 'name must be a string',
        label: '(no name)@1.2.0',
      });
    });

    it('cuts overlong names and versions in the label', () => {
      const f = failure(parseUpstreamEntry(entry({}, { name: 'n'.repeat(500), version: 'v'.repeat(500) })));
      expect(f.label).toBe(`${'n'.repeat(200)}@${'v'.repeat(50)}`);
    });

    it.each([
      ['empty', '', 'io.github.alice/weather@'],
      ['256 characters', 'v'.repeat(256), `io.github.alice/weather@${'v'.repeat(50)}`],
      ['a number', 1, 'io.github.alice/weather@(no version)'],
      ['missing', undefined, 'io.github.alice/weather@(no version)'],
    ])('refuses a version that is %s', (_what, version, label) => {
      expect(failure(parseUpstreamEntry(entry({}, { version })))).toEqual({
        reason: 'server.version must be a non-empty string',
        label,
      });
    });

    it.each([
      ['no _meta', { server: entry().server }],
      [
        'a _meta without the official block',
        { server: entry().server, _meta: { 'com.example/other': { status: 'active' } } },
      ],
      ['an official block that is an array', { server: entry().server, _meta: { [OFFICIAL]: [] } }],
      ['a _meta that is an array', { server: entry().server, _meta: [{ [OFFICIAL]: {} }] }],
    ])('refuses an entry with %s', (_what, raw) => {
      expect(failure(parseUpstreamEntry(raw))).toEqual({
        reason: 'entry has no _meta["io.modelcontextprotocol.registry/official"]',
        label: 'io.github.alice/weather@1.2.0',
      });
    });

    it('refuses status "beta", naming the allowed statuses', () => {
      expect(failure(parseUpstreamEntry(entry({ status: 'beta' })))).toEqual({
        reason: 'status "beta" is not one of active, deprecated, deleted',
        label: 'io.github.alice/weather@1.2.0',
      });
    });

    it('refuses a missing or differently-cased status', () => {
      expect(failure(parseUpstreamEntry(entry({ status: undefined }))).reason).toBe(
        'status undefined is not one of active, deprecated, deleted',
      );
      expect(failure(parseUpstreamEntry(entry({ status: 'Active' }))).reason).toBe(
        'status "Active" is not one of active, deprecated, deleted',
      );
    });

    it.each([
      ['date only', '2025-09-01'],
      ['no offset', '2025-09-01T10:00:00'],
      ['a space instead of T', '2025-09-01 10:00:00Z'],
      ['an impossible month', '2025-13-01T10:00:00Z'],
      ['an impossible hour', '2025-09-01T25:00:00Z'],
      ['a short offset', '2025-09-01T10:00:00+02'],
      ['an empty fraction', '2025-09-01T10:00:00.Z'],
      ['trailing text', '2025-09-01T10:00:00Z junk'],
      ['year 0, which Postgres does not have', '0000-01-01T10:00:00Z'],
      ['an offset beyond the ±15:59 Postgres accepts', '2025-09-01T10:00:00+16:00'],
      ['epoch milliseconds', 1756720800000],
      ['missing', undefined],
    ])('refuses a publishedAt with %s', (_what, publishedAt) => {
      expect(failure(parseUpstreamEntry(entry({ publishedAt })))).toEqual({
        reason: `publishedAt ${JSON.stringify(publishedAt)} is not an RFC 3339 timestamp`,
        label: 'io.github.alice/weather@1.2.0',
      });
    });

    it('refuses a bad updatedAt', () => {
      expect(failure(parseUpstreamEntry(entry({ updatedAt: 'not a time' }))).reason).toBe(
        'updatedAt "not a time" is not an RFC 3339 timestamp',
      );
      expect(failure(parseUpstreamEntry(entry({ updatedAt: null }))).reason).toBe(
        'updatedAt null is not an RFC 3339 timestamp',
      );
    });

    it.each([
      ['statusMessage', entry({ status: 'deprecated', statusMessage: 'moved\u0000' }), 'statusMessage'],
      ['the description', entry({}, { description: 'For\u0000casts' }), 'server.description'],
      [
        'a nested package field',
        entry({}, { packages: [{ registryType: 'npm', identifier: 'weather\u0000' }] }),
        'server.packages[0].identifier',
      ],
      ['a key', entry({}, { _meta: { 'x\u0000y': 1 } }), 'a key in server._meta'],
      ['a lone surrogate in the version', entry({}, { version: '1.2.0-\ud800' }), 'server.version'],
      ['a lone low surrogate under an odd key', entry({}, { 'two words': ['\udc00'] }), 'server["two words"][0]'],
    ])('refuses text the database cannot store in %s, naming where it is', (_what, raw, where) => {
      expect(failure(parseUpstreamEntry(raw)).reason).toBe(
        `${where} holds a NUL character or a lone surrogate, which the database cannot store`,
      );
    });

    it('accepts surrogate pairs, and a NUL in the statusMessage of an active version (which is not kept)', () => {
      expect(ok(parseUpstreamEntry(entry({}, { description: 'Forecasts ☀️ 🌧' }))).serverJsonText).toContain('🌧');
      expect(ok(parseUpstreamEntry(entry({ status: 'active', statusMessage: 'x\u0000' }))).statusMessage).toBeNull();
    });

    it('refuses a server.json nested deeper than any real one', () => {
      let deep: unknown = 'bottom';
      for (let i = 0; i < 100; i++) deep = [deep];
      expect(failure(parseUpstreamEntry(entry({}, { nested: deep }))).reason).toMatch(
        /^server\.nested(\[0\])+ is nested more than 64 levels deep$/,
      );
    });

    it('refuses a statusMessage that is not a string', () => {
      expect(failure(parseUpstreamEntry(entry({ status: 'deprecated', statusMessage: { text: 'old' } })))).toEqual({
        reason: 'statusMessage must be a string',
        label: 'io.github.alice/weather@1.2.0',
      });
    });
  });
});

describe('compareTimestamps', () => {
  it('orders by the instant, whole seconds first', () => {
    expect(compareTimestamps('2025-09-01T10:00:00Z', '2025-09-01T10:00:01Z')).toBe(-1);
    expect(compareTimestamps('2025-09-01T10:00:01Z', '2025-09-01T10:00:00Z')).toBe(1);
    expect(compareTimestamps('2025-09-01T10:00:00Z', '2025-09-01T10:00:00Z')).toBe(0);
  });

  it('tells apart timestamps that differ only below the millisecond', () => {
    expect(compareTimestamps('2025-09-01T10:00:00.123456789Z', '2025-09-01T10:00:00.123456788Z')).toBe(1);
    expect(compareTimestamps('2025-09-01T10:00:00.123456788Z', '2025-09-01T10:00:00.123456789Z')).toBe(-1);
    expect(compareTimestamps('2025-09-01T10:00:00.000000001Z', '2025-09-01T10:00:00Z')).toBe(1);
    expect(compareTimestamps('2025-09-01T10:00:00Z', '2025-09-01T10:00:00.000001Z')).toBe(-1);
    expect(compareTimestamps('2025-09-01T10:00:00.1239Z', '2025-09-01T10:00:00.12389Z')).toBe(1);
  });

  it('lets the millisecond part win over the digits below it', () => {
    expect(compareTimestamps('2025-09-01T10:00:00.001000000Z', '2025-09-01T10:00:00.000999999Z')).toBe(1);
    expect(compareTimestamps('2025-09-01T10:00:00.999999999Z', '2025-09-01T10:00:01Z')).toBe(-1);
  });

  it('treats different spellings of one instant as equal', () => {
    expect(compareTimestamps('2025-09-01T10:00:00.5Z', '2025-09-01T10:00:00.500000000Z')).toBe(0);
    expect(compareTimestamps('2025-09-01T10:00:00.1234Z', '2025-09-01T10:00:00.123400Z')).toBe(0);
    expect(compareTimestamps('2025-09-01T12:00:00.123456789+02:00', '2025-09-01T10:00:00.123456789Z')).toBe(0);
    expect(compareTimestamps('2025-09-01T10:00:00+00:00', '2025-09-01T10:00:00Z')).toBe(0);
  });

  it('compares across timezone offsets as instants, not as text', () => {
    // 09:30 at -01:00 is 10:30Z, later than 10:00Z although it sorts first as text.
    expect(compareTimestamps('2025-09-01T09:30:00-01:00', '2025-09-01T10:00:00Z')).toBe(1);
    // 00:30 on the 1st at +01:00 is 23:30Z on the day before.
    expect(compareTimestamps('2025-01-01T00:30:00+01:00', '2024-12-31T23:45:00Z')).toBe(-1);
    // Same millisecond in different offsets: the nanoseconds decide.
    expect(compareTimestamps('2025-09-01T12:00:00.000000002+02:00', '2025-09-01T10:00:00.000000001Z')).toBe(1);
    expect(compareTimestamps('2025-09-01T05:00:00.000000001-05:00', '2025-09-01T10:00:00.000000002Z')).toBe(-1);
  });

  it('sorts a mixed list into instant order', () => {
    const sorted = [
      '2025-09-01T10:00:00.000000003Z',
      '2025-09-01T12:00:00+02:00',
      '2025-09-01T10:00:00.001Z',
      '2025-09-01T09:00:00.999999999Z',
      '2025-09-01T10:00:00.000000002+00:00',
      '2025-09-01T11:00:00.0005+01:00',
    ].sort(compareTimestamps);
    expect(sorted).toEqual([
      '2025-09-01T09:00:00.999999999Z',
      '2025-09-01T12:00:00+02:00',
      '2025-09-01T10:00:00.000000002+00:00',
      '2025-09-01T10:00:00.000000003Z',
      '2025-09-01T11:00:00.0005+01:00',
      '2025-09-01T10:00:00.001Z',
    ]);
  });

  it('is antisymmetric', () => {
    const ts = [
      '2025-09-01T10:00:00Z',
      '2025-09-01T10:00:00.000000001Z',
      '2025-09-01T12:00:00+02:00',
      '2025-09-01T10:00:00.0000001-00:30',
    ];
    for (const a of ts) for (const b of ts) expect(compareTimestamps(a, b)).toBe(-compareTimestamps(b, a) || 0);
  });
});
