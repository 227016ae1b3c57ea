import { HubError } from '@mcp-hub/domain';
import {
  SEARCH_LIMIT_MAX,
  buildTsQuery,
  decodeCursor,
  encodeCursor,
  fingerprint,
  fuse,
  highlight,
  searchQuerySchema,
  tokenize,
  type FusionParams,
  type RankedList,
  type SearchQuery,
} from './search-query';
import { prng } from '../../../test/prng.cjs';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('tokenize', () => {
  it('lower-cases and splits on punctuation, spaces and underscores', () => {
    expect(tokenize('Hello, World! foo-bar_baz   (qux)/@scope.pkg')).toEqual([
      'hello',
      'world',
      'foo',
      'bar',
      'baz',
      'qux',
      'scope',
      'pkg',
    ]);
  });

  it('keeps letters of any script and digits', () => {
    expect(tokenize('Café GRÖSSE 東京 Ελληνικά naïve')).toEqual(['café', 'grösse', '東京', 'ελληνικά', 'naïve']);
    expect(tokenize('v2 3d 2025 s3-bucket ٣')).toEqual(['v2', '3d', '2025', 's3', 'bucket', '٣']);
  });

  it('finds no words in empty or punctuation-only input', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('  !!! --- ... ')).toEqual([]);
    expect(tokenize('\'" & | ! <-> :* ()')).toEqual([]);
  });

  it('keeps at most 16 words, the first ones', () => {
    const words = Array.from({ length: 20 }, (_, i) => `w${i + 1}`);
    expect(tokenize(words.join(' '))).toEqual(words.slice(0, 16));
    expect(tokenize(words.slice(0, 16).join(' '))).toHaveLength(16);
  });

  it('drops words longer than 64 characters, which do not count towards the 16', () => {
    const at64 = 'a'.repeat(64);
    const at65 = 'b'.repeat(65);
    expect(tokenize(`${at64} ${at65} end`)).toEqual([at64, 'end']);
    const words = Array.from({ length: 16 }, (_, i) => `w${i}`);
    expect(tokenize(`${at65} ${words.join(' ')}`)).toEqual(words);
  });
});

describe('buildTsQuery', () => {
  const none = new Map<string, string[]>();

  it('returns null when there are no words', () => {
    expect(buildTsQuery([], { fuzzy: none, prefixLast: true })).toBeNull();
    expect(buildTsQuery([], { fuzzy: new Map([['x', ['y']]]), prefixLast: false })).toBeNull();
  });

  it('ORs one group per word and adds a prefix match to the last word only', () => {
    expect(buildTsQuery(['github', 'weather'], { fuzzy: none, prefixLast: true })).toBe(
      '(github) | (weather | weather:*)',
    );
    expect(buildTsQuery(['a', 'bb', 'ccc'], { fuzzy: none, prefixLast: true })).toBe('(a) | (bb) | (ccc | ccc:*)');
  });

  it('adds no prefix match when prefixLast is off', () => {
    expect(buildTsQuery(['github', 'weather'], { fuzzy: none, prefixLast: false })).toBe('(github) | (weather)');
  });

  it('adds a prefix match only for a last word of at least 2 characters', () => {
    expect(buildTsQuery(['a'], { fuzzy: none, prefixLast: true })).toBe('(a)');
    expect(buildTsQuery(['ab'], { fuzzy: none, prefixLast: true })).toBe('(ab | ab:*)');
    expect(buildTsQuery(['weather', 'x'], { fuzzy: none, prefixLast: true })).toBe('(weather) | (x)');
    expect(buildTsQuery(['東京'], { fuzzy: none, prefixLast: true })).toBe('(東京 | 東京:*)');
  });

  it('adds the fuzzy alternatives of unknown words inside their group', () => {
    const fuzzy = new Map([
      ['weathr', ['weather', 'feather']],
      ['srever', ['server']],
    ]);
    expect(buildTsQuery(['weathr', 'api'], { fuzzy, prefixLast: true })).toBe(
      '(weathr | weather | feather) | (api | api:*)',
    );
    expect(buildTsQuery(['api', 'srever'], { fuzzy, prefixLast: true })).toBe('(api) | (srever | server | srever:*)');
    expect(buildTsQuery(['weathr'], { fuzzy, prefixLast: false })).toBe('(weathr | weather | feather)');
  });

  it('removes duplicate alternatives within a group', () => {
    const fuzzy = new Map([['weather', ['weather', 'feather', 'feather']]]);
    expect(buildTsQuery(['weather'], { fuzzy, prefixLast: true })).toBe('(weather | feather | weather:*)');
    expect(buildTsQuery(['weather', 'go'], { fuzzy, prefixLast: true })).toBe('(weather | feather) | (go | go:*)');
  });

  it('never emits anything but words, spaces and | ( ) * : for any typed input', () => {
    const rand = prng(7);
    const alphabet = [...'abcXYZ019 _-\'"&|!<>():*\\/.,;@#$%^~`[]{}+=?\t\néüß東京Ωж٣\u0301\u200b'];
    const allowed = /^[\p{L}\p{M}\p{N} |()*:]*$/u;
    for (let n = 0; n < 500; n++) {
      const len = Math.floor(rand() * 80);
      let q = '';
      for (let i = 0; i < len; i++) q += alphabet[Math.floor(rand() * alphabet.length)];
      const words = tokenize(q);
      const out = buildTsQuery(words, {
        fuzzy: new Map(words.slice(0, 1).map((w) => [w, [`${w}s`]])),
        prefixLast: true,
      });
      if (words.length === 0) {
        expect(out).toBeNull();
        continue;
      }
      expect(out).toMatch(allowed);
      expect(out!.split('(').length - 1).toBe(words.length);
      expect(out!.split(')').length - 1).toBe(words.length);
      expect(out!.replace(/:\*/g, '')).not.toMatch(/[*:]/);
    }
  });
});

describe('fuse', () => {
  const list = (names: string[], deprecated: string[] = []): RankedList => ({ names, deprecated: new Set(deprecated) });
  const params: FusionParams = { textWeight: 1, semanticWeight: 0.5, k: 60, deprecatedFactor: 0.25 };

  it('scores each name by Σ w / (k + rank), summed over both lists', () => {
    expect(fuse(list(['a', 'b', 'c']), list(['c', 'd']), params)).toEqual([
      { name: 'c', score: 1 / 63 + 0.5 / 61 },
      { name: 'a', score: 1 / 61 },
      { name: 'b', score: 1 / 62 },
      { name: 'd', score: 0.5 / 62 },
    ]);
  });

  it('uses k as given', () => {
    expect(fuse(list(['a', 'b']), list(['b']), { ...params, k: 0, semanticWeight: 2 })).toEqual([
      { name: 'b', score: 1 / 2 + 2 / 1 },
      { name: 'a', score: 1 / 1 },
    ]);
  });

  it('with semanticWeight 0 returns the text ranking unchanged, without semantic-only names', () => {
    const text = ['t1', 't2', 't3', 't4'];
    const fused = fuse(list(text), list(['t4', 's1', 't3']), { ...params, semanticWeight: 0 });
    expect(fused.map((r) => r.name)).toEqual(text);
    expect(fused.map((r) => r.score)).toEqual([1 / 61, 1 / 62, 1 / 63, 1 / 64]);
  });

  it('with textWeight 0 returns the semantic ranking', () => {
    expect(fuse(list(['a', 'b']), list(['b', 'c']), { ...params, textWeight: 0 }).map((r) => r.name)).toEqual([
      'b',
      'c',
    ]);
  });

  it('multiplies the fused score of servers deprecated in either list', () => {
    expect(fuse(list(['a', 'b', 'c']), list(['c', 'd'], ['c']), params)).toEqual([
      { name: 'a', score: 1 / 61 },
      { name: 'b', score: 1 / 62 },
      { name: 'd', score: 0.5 / 62 },
      { name: 'c', score: (1 / 63 + 0.5 / 61) * 0.25 },
    ]);
    expect(fuse(list(['a', 'b'], ['a']), list([]), params)).toEqual([
      { name: 'b', score: 1 / 62 },
      { name: 'a', score: (1 / 61) * 0.25 },
    ]);
  });

  it('leaves deprecated scores alone with a factor of 1', () => {
    expect(fuse(list(['a', 'b'], ['a']), list([]), { ...params, deprecatedFactor: 1 }).map((r) => r.name)).toEqual([
      'a',
      'b',
    ]);
  });

  it('breaks ties by name', () => {
    const equal = { ...params, semanticWeight: 1 };
    expect(fuse(list(['zeta']), list(['alpha']), equal)).toEqual([
      { name: 'alpha', score: 1 / 61 },
      { name: 'zeta', score: 1 / 61 },
    ]);
    expect(fuse(list(['b', 'a']), list(['a', 'b']), equal).map((r) => r.name)).toEqual(['a', 'b']);
    expect(fuse(list(['y', 'x']), list(['x', 'y']), equal).map((r) => r.name)).toEqual(['x', 'y']);
  });

  it('returns nothing for two empty lists', () => {
    expect(fuse(list([]), list([]), params)).toEqual([]);
  });
});

describe('cursors', () => {
  const cursorOf = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');

  function refusal(cursor: string, fp: string): HubError {
    const err = thrown(() => decodeCursor(cursor, fp));
    expect(err).toBeInstanceOf(HubError);
    const e = err as HubError;
    expect(e.status).toBe(400);
    expect(e.code).toBe('bad_request');
    expect(e.errors).toHaveLength(1);
    expect(e.errors[0]!.location).toBe('query.cursor');
    expect(e.errors[0]!.message).toBe(e.message);
    return e;
  }

  it('round-trips an offset bound to a fingerprint', () => {
    for (const offset of [0, 1, 20, 99_999, 100_000]) {
      const c = encodeCursor(offset, 'abcdefghijkl');
      expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(c, 'abcdefghijkl')).toBe(offset);
    }
  });

  it('refuses a cursor made for another search', () => {
    const e = refusal(encodeCursor(20, 'fingerprint1'), 'fingerprint2');
    expect(e.message).toBe(
      'cursor belongs to a different search (q, mode or filters changed); start again without a cursor',
    );
  });

  it.each([
    ['garbage', 'not-a-cursor!'],
    ['empty', ''],
    ['base64 of plain text', Buffer.from('hello').toString('base64url')],
    ['JSON null', cursorOf(null)],
    ['a JSON number', cursorOf(5)],
    ['no offset', cursorOf({ f: 'fp' })],
    ['a string offset', cursorOf({ o: '5', f: 'fp' })],
    ['a fractional offset', cursorOf({ o: 1.5, f: 'fp' })],
    ['a negative offset', encodeCursor(-1, 'fp')],
    ['a huge offset', encodeCursor(100_001, 'fp')],
    ['an enormous offset', encodeCursor(1e21, 'fp')],
    ['a NaN offset', encodeCursor(NaN, 'fp')],
  ])('refuses %s as invalid', (_what, cursor) => {
    expect(refusal(cursor, 'fp').message).toBe(
      'cursor is not valid: pass nextCursor from a previous response unchanged',
    );
  });
});

describe('fingerprint', () => {
  const parse = (raw: Record<string, unknown>): SearchQuery => searchQuerySchema.parse(raw);
  const base = parse({ q: 'weather', registryType: 'npm' });
  const fp = fingerprint(base, 'hybrid');

  it('is 12 URL-safe characters and stable', () => {
    expect(fp).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(fingerprint(parse({ q: 'weather', registryType: 'npm' }), 'hybrid')).toBe(fp);
  });

  it('ignores the cursor and the limit', () => {
    expect(fingerprint({ ...base, cursor: 'abc', limit: 5 }, 'hybrid')).toBe(fp);
    expect(
      fingerprint(parse({ q: 'weather', registryType: 'npm', limit: '50', cursor: encodeCursor(20, fp) }), 'hybrid'),
    ).toBe(fp);
  });

  it('does not depend on the order of the query parameters once parsed', () => {
    expect(fingerprint(parse({ registryType: 'npm', q: 'weather' }), 'hybrid')).toBe(fp);
  });

  it.each<[string, SearchQuery, string]>([
    ['q', { q: 'weathers', registryType: ['npm'] }, 'hybrid'],
    ['mode', { q: 'weather', registryType: ['npm'] }, 'text'],
    ['registryType', { q: 'weather', registryType: ['pypi'] }, 'hybrid'],
    ['an added registryType', { q: 'weather', registryType: ['npm', 'pypi'] }, 'hybrid'],
    ['transport', { q: 'weather', registryType: ['npm'], transport: ['stdio'] }, 'hybrid'],
    ['hasRemote', { q: 'weather', registryType: ['npm'], hasRemote: true }, 'hybrid'],
    ['namespace', { q: 'weather', registryType: ['npm'], namespace: 'io.github.alice' }, 'hybrid'],
    ['status', { q: 'weather', registryType: ['npm'], status: 'deprecated' }, 'hybrid'],
    ['tool', { q: 'weather', registryType: ['npm'], tool: 'get_forecast' }, 'hybrid'],
    ['a dropped filter', { q: 'weather' }, 'hybrid'],
  ])('changes with %s', (_what, q, mode) => {
    expect(fingerprint(q, mode as 'hybrid' | 'text')).not.toBe(fp);
  });

  it('tells hasRemote=false from no hasRemote', () => {
    expect(fingerprint({ q: 'x', hasRemote: false }, 'text')).not.toBe(fingerprint({ q: 'x' }, 'text'));
  });
});

describe('searchQuerySchema', () => {
  const ok = (raw: Record<string, unknown>) => {
    const r = searchQuerySchema.safeParse(raw);
    if (!r.success) throw new Error(`expected success: ${r.error.issues.map((i) => i.message).join('; ')}`);
    return r.data;
  };
  const messages = (raw: Record<string, unknown>) => {
    const r = searchQuerySchema.safeParse(raw);
    if (r.success) throw new Error(`expected a failure, got ${JSON.stringify(r.data)}`);
    return r.error.issues.map((i) => i.message);
  };

  it('accepts an empty query', () => {
    expect(ok({})).toEqual({});
  });

  it('parses every field', () => {
    expect(
      ok({
        q: 'weather',
        limit: '10',
        cursor: 'abc',
        mode: 'text',
        registryType: 'npm',
        transport: 'stdio',
        hasRemote: 'true',
        namespace: 'io.github.alice',
        status: 'active',
      }),
    ).toEqual({
      q: 'weather',
      limit: 10,
      cursor: 'abc',
      mode: 'text',
      registryType: ['npm'],
      transport: ['stdio'],
      hasRemote: true,
      namespace: 'io.github.alice',
      status: 'active',
    });
    expect(ok({ hasRemote: 'false', status: 'deprecated' })).toEqual({ hasRemote: false, status: 'deprecated' });
  });

  it('reads registryType and transport as comma lists, repeated parameters or both', () => {
    expect(ok({ registryType: 'npm,pypi' }).registryType).toEqual(['npm', 'pypi']);
    expect(ok({ registryType: ['npm', 'oci'] }).registryType).toEqual(['npm', 'oci']);
    expect(ok({ registryType: ['npm,pypi', 'mcpb'] }).registryType).toEqual(['npm', 'pypi', 'mcpb']);
    expect(ok({ registryType: ' npm , ,nuget,' }).registryType).toEqual(['npm', 'nuget']);
    expect(ok({ registryType: 'npm,NPM', transport: ['sse', 'sse,stdio'] })).toMatchObject({
      registryType: ['npm'],
      transport: ['sse', 'stdio'],
    });
    expect(ok({ transport: 'stdio,sse' }).transport).toEqual(['stdio', 'sse']);
    expect(ok({ transport: ['streamable-http', 'sse'] }).transport).toEqual(['streamable-http', 'sse']);
  });

  it('takes one tool name of 1 to 128 characters, lower-cased, and nothing else', () => {
    expect(ok({ tool: 'Read_File' })).toEqual({ tool: 'read_file' });
    expect(ok({ tool: 't'.repeat(128) }).tool).toHaveLength(128);
    for (const tool of ['', 't'.repeat(129)])
      expect(messages({ tool })).toEqual(['tool must be a tool name of 1 to 128 characters']);
    expect(messages({ tool: 'a\u0000b' })).toEqual(['tool must not contain control characters']);
    expect(messages({ tool: ['a', 'b'] })).toEqual(['tool must be given once']);
  });

  it('reads registryType and transport case-insensitively', () => {
    expect(ok({ registryType: 'NPM,PyPI', transport: ['STDIO', 'Streamable-HTTP'] })).toEqual({
      registryType: ['npm', 'pypi'],
      transport: ['stdio', 'streamable-http'],
    });
  });

  it('refuses unknown registry types and transports, naming the allowed ones', () => {
    expect(messages({ registryType: 'npm,maven' })).toEqual([
      'registryType must be one or more of npm, pypi, oci, nuget, mcpb',
    ]);
    expect(messages({ transport: ['stdio', 'websocket'] })).toEqual([
      'transport must be one or more of stdio, streamable-http, sse',
    ]);
  });

  it('collapses repeated registry types, so a list never outgrows the types that exist', () => {
    expect(ok({ registryType: 'npm,npm,npm,npm,npm,npm' }).registryType).toEqual(['npm']);
    expect(ok({ registryType: 'npm,pypi,oci,nuget,mcpb,npm' }).registryType).toHaveLength(5);
  });

  it('refuses status=deleted, and any other status but active and deprecated', () => {
    expect(messages({ status: 'deleted' })).toEqual([
      'deleted servers are never searchable; status must be active or deprecated',
    ]);
    expect(messages({ status: 'retired' })).toEqual(['status must be active or deprecated']);
  });

  it('refuses unknown keys', () => {
    const r = searchQuerySchema.safeParse({ q: 'x', sort: 'name' });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toHaveLength(1);
    expect(r.error!.issues[0]!.code).toBe('unrecognized_keys');
    expect(r.error!.issues[0]).toMatchObject({ keys: ['sort'] });
  });

  it('keeps limit within 1..100', () => {
    expect(ok({ limit: '1' }).limit).toBe(1);
    expect(ok({ limit: String(SEARCH_LIMIT_MAX) }).limit).toBe(100);
    expect(messages({ limit: '0' })).toEqual(['limit must be at least 1']);
    expect(messages({ limit: '101' })).toEqual(['limit must be at most 100']);
    for (const bad of ['-1', '1.5', 'ten', '', '1e2'])
      expect(messages({ limit: bad })).toEqual(['limit must be a whole number from 1 to 100']);
  });

  it('refuses single-valued parameters given twice', () => {
    expect(messages({ q: ['a', 'b'] })).toEqual(['q must be given once']);
    expect(messages({ limit: ['1', '2'] })).toEqual(['limit must be given once']);
    expect(messages({ cursor: ['a', 'b'] })).toEqual(['cursor must be given once']);
  });

  it('bounds q and checks mode, hasRemote and namespace', () => {
    expect(ok({ q: 'x'.repeat(200) }).q).toHaveLength(200);
    expect(messages({ q: 'x'.repeat(201) })).toEqual(['q must be at most 200 characters']);
    expect(messages({ mode: 'fuzzy' })).toEqual(['mode must be one of hybrid, text, semantic']);
    expect(messages({ hasRemote: 'yes' })).toEqual(['hasRemote must be true or false']);
    expect(messages({ namespace: 'io github' })).toEqual([
      'namespace must be a reverse-DNS namespace such as io.github.alice or com.example',
    ]);
  });
});

describe('highlight', () => {
  const none = new Map<string, string[]>();

  it('marks the query words, not the stop words the ranking ignores', () => {
    expect(highlight('Read and send email to your customers', tokenize('read and send email'), none)).toBe(
      '<mark>Read</mark> and <mark>send</mark> <mark>email</mark> to your customers',
    );
  });

  it('does not treat a stop word at the end as a prefix of every word', () => {
    expect(highlight('Tools to send email', tokenize('send email to'), none)).toBe(
      'Tools to <mark>send</mark> <mark>email</mark>',
    );
  });

  it('marks nothing for a query of stop words only', () => {
    expect(highlight('The one and only', tokenize('the and'), none)).toBeUndefined();
  });
});
