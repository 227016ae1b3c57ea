import { MAX_JSON_DEPTH, findUnstorable } from './storable';

describe('findUnstorable', () => {
  it('finds NUL and lone surrogates in strings and keys, and accepts paired surrogates', () => {
    expect(findUnstorable({ a: ['ok', 'x\u0000'] }, 'body')).toEqual({ kind: 'text', path: 'body.a[1]' });
    expect(findUnstorable({ b: '\uD800' }, 'body')).toEqual({ kind: 'text', path: 'body.b' });
    expect(findUnstorable({ c: { ['k\uDC00']: 1 } }, 'body')).toEqual({ kind: 'key', path: 'body.c' });
    expect(findUnstorable({ emoji: '\uD83D\uDE00' }, 'body')).toBeUndefined();
  });

  it('stops at the depth limit', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < MAX_JSON_DEPTH + 5; i++) deep = [deep];
    expect(findUnstorable(deep, 'body')?.kind).toBe('depth');
    expect(findUnstorable([[[1]]], 'v', { maxDepth: 2 })).toEqual({ kind: 'depth', path: 'v[0][0]' });
  });

  it('writes property paths as told', () => {
    const keyPath = (parent: string, key: string) => `${parent}[${JSON.stringify(key)}]`;
    expect(findUnstorable({ 'a b': '\u0000' }, 'server', { keyPath })).toEqual({ kind: 'text', path: 'server["a b"]' });
  });
});
