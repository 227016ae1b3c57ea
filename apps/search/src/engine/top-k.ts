/**
 * Positions 0…n−1 of the `limit` highest `scores`, best first; equal scores ordered by
 * `tieOrder` (negative: a first). For the usual case of many matches and a short page this is
 * cheaper than a heap: a quickselect finds the cut-off score over a plain float array, and only
 * what is above it (plus the ties at it) is sorted with the comparator.
 */
export function topByScore(
  scores: Float32Array | Float64Array,
  n: number,
  limit: number,
  tieOrder: (a: number, b: number) => number,
): number[] {
  const byRank = (a: number, b: number) => scores[b]! - scores[a]! || tieOrder(a, b);
  if (limit <= 0 || n <= 0) return [];
  if (limit >= n) return Array.from({ length: n }, (_, i) => i).sort(byRank);
  const cut = kthLargest(scores.slice(0, n), limit - 1);
  const above: number[] = [];
  const ties: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (s > cut) above.push(i);
    else if (s === cut) ties.push(i);
  }
  above.sort(byRank);
  ties.sort(tieOrder);
  for (let i = 0; above.length < limit; i++) above.push(ties[i]!);
  return above;
}

/** The k-th largest value (k from 0) of `a`, which is reordered (quickselect, Hoare partitions). */
function kthLargest(a: Float32Array | Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
