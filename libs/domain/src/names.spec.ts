import {
  dotSegmentNameProblems,
  matchesNamespacePattern,
  namespacePatternProblems,
  namespacePatternWithin,
  serverNameProblems,
} from './names';

describe('server names and namespace patterns', () => {
  it.each(['io.github.alice/weather', 'com.example/my_server-2', 'a/b', 'x.y/z.v'])('%s is a valid name', (n) => {
    expect(serverNameProblems(n)).toEqual([]);
  });
  it.each([
    'noslash',
    'a/b/c',
    '/x',
    'x/',
    'io.github.alice/we ather',
    'io_github/x',
    'é.com/x',
    'a'.repeat(199) + '/b',
    42,
  ])('%s is refused', (n) => {
    expect(serverNameProblems(n)).toHaveLength(1);
  });

  it('matches namespace patterns literally except for *', () => {
    expect(matchesNamespacePattern('io.github.alice/*', 'io.github.alice/weather')).toBe(true);
    expect(matchesNamespacePattern('io.github.alice/*', 'io.github.alice2/weather')).toBe(false);
    expect(matchesNamespacePattern('io.github.alice/*', 'ioXgithub.alice/weather')).toBe(false);
    expect(matchesNamespacePattern('com.example/weather', 'com.example/weather')).toBe(true);
    expect(matchesNamespacePattern('com.example/weather', 'com.example/weather2')).toBe(false);
    expect(matchesNamespacePattern('*', 'anything/at-all')).toBe(true);
  });

  it.each(['*', 'io.github.alice/*', 'com.example/x'])('%s is a valid pattern', (p) =>
    expect(namespacePatternProblems(p)).toEqual([]),
  );
  it.each(['', 'alice', 'a/b/c', 'a b/*', 42])('%s is not a pattern', (p) =>
    expect(namespacePatternProblems(p)).toHaveLength(1),
  );
});

describe('namespacePatternWithin (may a token mint another)', () => {
  it.each([
    ['io.github.alice/*', 'io.github.alice/*'],
    ['io.github.alice/weather', 'io.github.alice/*'],
    ['io.github.alice/w*', 'io.github.alice/*'],
    ['io.github.alice/*', '*'],
    ['*', '*'],
  ])('%s is within %s', (child, parent) => expect(namespacePatternWithin(child, parent)).toBe(true));
  it.each([
    ['*', 'io.github.alice/*'],
    ['io.github.*/*', 'io.github.alice/*'],
    ['io.github.alice/*', 'io.github.alice/weather'],
    ['io.github.alicex/*', 'io.github.alice/*'],
    ['io.github.bob/*', 'io.github.alice/*'],
    ['io.github.alice/*x', 'io.github.alice/w*'],
  ])('%s is not within %s', (child, parent) => expect(namespacePatternWithin(child, parent)).toBe(false));
});

describe('dot segments in names (refused on local publish)', () => {
  it.each(['../x', './x', 'ns/..', 'ns/.'])('%s is upstream-valid but refused locally', (n) => {
    expect(serverNameProblems(n)).toEqual([]);
    expect(dotSegmentNameProblems(n)).toEqual([expect.objectContaining({ location: 'body.name', value: n })]);
  });
  it.each(['io.github.alice/weather', '.../x', 'ns/...', 'a.b/.c', 'ns/x.'])('%s has no dot segment', (n) =>
    expect(dotSegmentNameProblems(n)).toEqual([]),
  );
});
