import { MemoryVectorIndex } from './memory-vectors';
import { prng } from '../../../../test/prng.cjs';

/** A random unit vector in float32, like an embedder's output. */
function unitVector(rand: () => number, dims: number): Float32Array {
  const v = Array.from({ length: dims }, () => rand() * 2 - 1);
  const norm = Math.hypot(...v);
  return Float32Array.from(v, (x) => x / norm);
}

/** Exhaustive reference: every score computed the same way, sorted best first, earlier insertion first on ties. */
function bruteForce(
  entries: [string, Float32Array][],
  query: Float32Array,
  k: number,
): { name: string; score: number }[] {
  return entries
    .map(([name, v], i) => {
      let s = 0;
      for (let j = 0; j < v.length; j++) s += v[j]! * query[j]!;
      return { name, score: Math.fround(s), i };
    })
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, k)
    .map(({ name, score }) => ({ name, score }));
}

const basis = (dims: number, i: number) => Float32Array.from({ length: dims }, (_, j) => (j === i ? 1 : 0));

describe('MemoryVectorIndex', () => {
  it('returns the same top k as a brute-force scan of 2,000 random unit vectors', () => {
    const rand = prng(42);
    const dims = 50;
    const index = new MemoryVectorIndex();
    index.reset('model-a', dims);
    const entries: [string, Float32Array][] = [];
    for (let i = 0; i < 2000; i++) {
      const v = unitVector(rand, dims);
      entries.push([`server-${i}`, v]);
      index.upsert(`server-${i}`, v);
    }
    expect(index.size).toBe(2000);
    for (let q = 0; q < 8; q++) {
      const query = unitVector(rand, dims);
      for (const k of [1, 10, 37, 500]) {
        const got = index.search(query, k);
        expect(got).toHaveLength(k);
        expect(got).toEqual(bruteForce(entries, query, k));
      }
    }
  });

  it('finds a stored vector as its own best match', () => {
    const rand = prng(3);
    const index = new MemoryVectorIndex();
    index.reset('m', 16);
    const vectors = Array.from({ length: 300 }, () => unitVector(rand, 16));
    vectors.forEach((v, i) => index.upsert(`s${i}`, v));
    for (const i of [0, 150, 299]) {
      const [best] = index.search(vectors[i]!, 1);
      expect(best!.name).toBe(`s${i}`);
      expect(best!.score).toBeCloseTo(1, 5);
    }
  });

  it('replaces the vector of a name on upsert', () => {
    const index = new MemoryVectorIndex();
    index.reset('m', 3);
    index.upsert('a', [1, 0, 0]);
    index.upsert('b', [0, 1, 0]);
    index.upsert('a', [0, 0, 1]);
    expect(index.size).toBe(2);
    expect(index.search(Float32Array.of(0, 0, 1), 5)).toEqual([
      { name: 'a', score: 1 },
      { name: 'b', score: 0 },
    ]);
    expect(index.search(Float32Array.of(1, 0, 0), 5)).toEqual([
      { name: 'a', score: 0 },
      { name: 'b', score: 0 },
    ]);
  });

  it('keeps the other entries intact when one is removed (the last one moves into the hole)', () => {
    const dims = 6;
    const index = new MemoryVectorIndex();
    index.reset('m', dims);
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    names.forEach((n, i) => index.upsert(n, basis(dims, i)));

    index.remove('b'); // 'f' moves into b's slot
    expect(index.size).toBe(5);
    for (const [i, n] of names.entries()) {
      const [best] = index.search(basis(dims, i), 1);
      if (n === 'b') expect(best!.score).toBe(0);
      else expect(best).toEqual({ name: n, score: 1 });
    }
    expect(index.search(basis(dims, 1), 10).map((r) => r.name)).not.toContain('b');

    index.remove('e'); // 'e' is in the last slot: nothing moves
    index.remove('a'); // 'd' is last now and moves into a's slot
    expect(index.size).toBe(3);
    for (const n of ['c', 'd', 'f'])
      expect(index.search(basis(dims, names.indexOf(n)), 1)).toEqual([{ name: n, score: 1 }]);
    expect(
      index
        .search(basis(dims, 0), 10)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['c', 'd', 'f']);

    // A moved entry can still be replaced and removed by name.
    index.upsert('f', basis(dims, 0));
    expect(index.search(basis(dims, 0), 1)).toEqual([{ name: 'f', score: 1 }]);
    index.remove('f');
    index.remove('f');
    index.remove('never-added');
    expect(index.size).toBe(2);
    expect(index.search(basis(dims, 2), 10)).toEqual([
      { name: 'c', score: 1 },
      { name: 'd', score: 0 },
    ]);
  });

  it('matches the brute-force reference after many random removals and re-adds', () => {
    const rand = prng(99);
    const dims = 24;
    const index = new MemoryVectorIndex();
    index.reset('m', dims);
    const live = new Map<string, Float32Array>();
    for (let i = 0; i < 1500; i++) {
      const v = unitVector(rand, dims);
      live.set(`n${i}`, v);
      index.upsert(`n${i}`, v);
    }
    for (let i = 0; i < 1500; i += 3) {
      index.remove(`n${i}`);
      live.delete(`n${i}`);
    }
    for (let i = 0; i < 1500; i += 7) {
      const v = unitVector(rand, dims);
      live.set(`n${i}`, v);
      index.upsert(`n${i}`, v);
    }
    expect(index.size).toBe(live.size);
    const query = unitVector(rand, dims);
    // Ties aside, the insertion order no longer matters, so compare the sets of scores and names per score.
    const got = index.search(query, 25);
    const want = bruteForce([...live.entries()], query, 25);
    expect(got.map((r) => r.score)).toEqual(want.map((r) => r.score));
    expect(new Set(got.map((r) => r.name))).toEqual(new Set(want.map((r) => r.name)));
  });

  it('ignores vectors and queries of the wrong dimension', () => {
    const index = new MemoryVectorIndex();
    index.reset('m', 3);
    index.upsert('short', [1, 0]);
    index.upsert('long', [1, 0, 0, 0]);
    expect(index.size).toBe(0);
    index.upsert('ok', [1, 0, 0]);
    index.upsert('ok', [0, 1]); // does not replace the stored vector
    expect(index.size).toBe(1);
    expect(index.search(Float32Array.of(1, 0, 0), 3)).toEqual([{ name: 'ok', score: 1 }]);
    expect(index.search(Float32Array.of(1, 0), 3)).toEqual([]);
    expect(index.search(Float32Array.of(1, 0, 0, 0), 3)).toEqual([]);
  });

  it('holds nothing before the first reset', () => {
    const index = new MemoryVectorIndex();
    index.upsert('a', [1, 0, 0]);
    expect(index.size).toBe(0);
    expect(index.isFor('m')).toBe(false);
    expect(index.search(Float32Array.of(1, 0, 0), 3)).toEqual([]);
  });

  it('drops everything when reset for another model', () => {
    const index = new MemoryVectorIndex();
    index.reset('model-a', 3);
    index.upsert('a', [1, 0, 0]);
    index.upsert('b', [0, 1, 0]);
    expect(index.isFor('model-a')).toBe(true);
    expect(index.isFor('model-b')).toBe(false);

    index.reset('model-b', 4);
    expect(index.isFor('model-b')).toBe(true);
    expect(index.isFor('model-a')).toBe(false);
    expect(index.size).toBe(0);
    expect(index.search(Float32Array.of(1, 0, 0, 0), 5)).toEqual([]);
    index.upsert('a', [1, 0, 0]); // the old model's dimension is refused now
    index.upsert('c', [0, 0, 0, 1]);
    expect(index.size).toBe(1);
    expect(index.search(Float32Array.of(0, 0, 0, 1), 5)).toEqual([{ name: 'c', score: 1 }]);
  });

  it('returns everything, best first, when k exceeds the size, and nothing for k = 0', () => {
    const index = new MemoryVectorIndex();
    index.reset('m', 2);
    index.upsert('low', [0, 1]);
    index.upsert('high', [1, 0]);
    index.upsert('mid', [Math.SQRT1_2, Math.SQRT1_2]);
    expect(index.search(Float32Array.of(1, 0), 10)).toEqual([
      { name: 'high', score: 1 },
      { name: 'mid', score: Math.fround(Math.SQRT1_2) },
      { name: 'low', score: 0 },
    ]);
    expect(index.search(Float32Array.of(1, 0), 0)).toEqual([]);
  });

  it('ranks negative similarities below positive ones', () => {
    const index = new MemoryVectorIndex();
    index.reset('m', 2);
    index.upsert('opposite', [-1, 0]);
    index.upsert('orthogonal', [0, 1]);
    index.upsert('same', [1, 0]);
    expect(index.search(Float32Array.of(1, 0), 3).map((r) => r.name)).toEqual(['same', 'orthogonal', 'opposite']);
    expect(index.search(Float32Array.of(1, 0), 2).map((r) => r.name)).toEqual(['same', 'orthogonal']);
  });
});
