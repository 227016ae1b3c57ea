import { topByScore } from './top-k';
import { prng } from '../../../../test/prng.cjs';

/** The reference: sort everything. */
const sortAll = (scores: number[], tie: (a: number, b: number) => number) =>
  scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || tie(a, b));

describe('topByScore', () => {
  it('equals a full sort, ties included, for every page size', () => {
    const rand = prng(7);
    for (const n of [1, 2, 3, 10, 257, 3000]) {
      // Few distinct values: most scores tie with others, as ts_rank's often do.
      const scores = Array.from({ length: n }, () => Math.fround(Math.floor(rand() * 12) / 7));
      const names = Array.from({ length: n }, (_, i) => `server-${(i * 7919) % n}`);
      const tie = (a: number, b: number) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0);
      const want = sortAll(scores, tie);
      for (const limit of [1, 5, 20, 200, n - 1, n, n + 5]) {
        if (limit < 1) continue;
        expect(topByScore(Float64Array.from(scores), n, limit, tie)).toEqual(want.slice(0, limit));
      }
    }
  });

  it('handles distinct scores, all-equal scores, negative scores, and nothing to pick', () => {
    const byIndex = (a: number, b: number) => a - b;
    expect(topByScore(Float32Array.of(0.1, 0.9, 0.5, 0.7), 4, 2, byIndex)).toEqual([1, 3]);
    expect(topByScore(Float32Array.of(2, 2, 2, 2, 2), 5, 3, (a, b) => b - a)).toEqual([4, 3, 2]);
    expect(topByScore(Float32Array.of(-0.5, -0.1, -0.9), 3, 2, byIndex)).toEqual([1, 0]);
    // Only the first n entries count.
    expect(topByScore(Float32Array.of(0.1, 0.2, 0.9), 2, 5, byIndex)).toEqual([1, 0]);
    expect(topByScore(new Float32Array(0), 0, 5, byIndex)).toEqual([]);
    expect(topByScore(Float32Array.of(1), 1, 0, byIndex)).toEqual([]);
  });
});
