import { decodeCursor, encodeCursor, parseRfc3339 } from './list-query';

describe('list query pieces', () => {
  it('round-trips cursors for any stored name, even ones publish would refuse today', () => {
    for (const c of [
      { name: 'io.github.a/b', version: '1.0.0' },
      { name: 'io.github.legacy/two/slashes', version: 'v1.0+build' },
    ]) {
      expect(decodeCursor(encodeCursor(c))).toEqual(c);
    }
  });

  it.each([
    '',
    'not-base64!',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('["a\\u0000","1"]').toString('base64url'),
  ])('rejects the forged cursor %j', (raw) => {
    expect(() => decodeCursor(raw)).toThrow(/cursor is not valid/);
  });

  it('parses RFC 3339 strictly', () => {
    expect(parseRfc3339('2025-08-07T13:15:04.280Z')?.toISOString()).toBe('2025-08-07T13:15:04.280Z');
    expect(parseRfc3339('2025-08-07T15:15:04+02:00')?.toISOString()).toBe('2025-08-07T13:15:04.000Z');
    for (const bad of [
      'yesterday',
      '2025-02-30T00:00:00Z',
      '2025-13-01T00:00:00Z',
      '0000-01-01T00:00:00Z',
      '2025-08-07',
      '2025-08-07T25:00:00Z',
    ]) {
      expect(parseRfc3339(bad)).toBeUndefined();
    }
  });
});
