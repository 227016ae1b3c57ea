import { becomesLatest, isSemver, looksLikeRange, pickLatest, versionProblems } from './versions';

describe('version rules', () => {
  it.each(['1.0.0', '2.1.3-alpha', '1.0.0-beta.1', '3.0.0-rc.2', '2025.11.25', '1.0.0+build.7'])(
    '%s is semantic',
    (v) => {
      expect(isSemver(v)).toBe(true);
    },
  );
  it.each(['2025.06.18', '2025-06-18', 'v1.0', 'v1.0.0', '1.0', '01.2.3'])('%s is not semantic', (v) => {
    expect(isSemver(v)).toBe(false);
  });

  it.each([
    '^1.2.3',
    '~1.2.3',
    '>=1.2.3',
    '<=1.2.3',
    '>1.2.3',
    '<1.2.3',
    '1.x',
    '1.2.*',
    '1 - 2',
    '1.2 || 1.3',
    '*',
    'x',
    '1.X',
  ])('%s is refused as a range', (v) => {
    expect(looksLikeRange(v)).toBe(true);
    expect(versionProblems(v)).toHaveLength(1);
  });
  it.each(['1.0.0', '2025-06-18', 'v1.0', '1.0.0-x.1', '1.0.0-rc.x'])('%s is an allowed version', (v) => {
    expect(versionProblems(v)).toEqual([]);
  });
  it('refuses "latest", empty, whitespace and overlong versions', () => {
    for (const v of ['latest', '', '1.0 beta', 'a'.repeat(256)]) expect(versionProblems(v)).toHaveLength(1);
  });

  it('applies the publish-time latest rule', () => {
    expect(becomesLatest('1.0.0', undefined)).toBe(true);
    expect(becomesLatest('2.0.0', '1.0.0')).toBe(true);
    expect(becomesLatest('1.0.0', '2.0.0')).toBe(false);
    expect(becomesLatest('1.0.0-rc.1', '1.0.0')).toBe(false);
    expect(becomesLatest('2025-06-18', '9.9.9')).toBe(true);
    expect(becomesLatest('0.0.1', '2025-06-18')).toBe(true);
  });

  it('recomputes latest by replaying publishes over active, then deprecated versions', () => {
    const at = (s: number) => new Date(1_700_000_000_000 + s * 1000);
    const v = (version: string, s: number, status = 'active') => ({ version, publishedAt: at(s), status });
    expect(pickLatest([v('2.0.0', 1), v('1.0.0', 2)])?.version).toBe('2.0.0');
    expect(pickLatest([v('2.0.0', 1, 'deleted'), v('1.0.0', 2)])?.version).toBe('1.0.0');
    expect(pickLatest([v('2.0.0', 1, 'deprecated'), v('1.0.0', 2)])?.version).toBe('1.0.0');
    expect(pickLatest([v('2.0.0', 1, 'deprecated'), v('1.0.0', 2, 'deleted')])?.version).toBe('2.0.0');
    expect(pickLatest([v('1.0.0', 1, 'deleted')])).toBeUndefined();
    // Publish order, not input order, decides among non-semantic versions.
    expect(pickLatest([v('b', 5), v('a', 3)])?.version).toBe('b');
  });
});
