import { topByScore } from './top-k';

/** Below this many vectors an exact scan is cheap enough; from here on, clusters (IVF) are built. */
export const IVF_MIN_VECTORS = 4_096;

export interface VectorSearchOptions {
  /** Only names this accepts are returned (filters); more of the index is scanned to find k of them. Called for the best candidates only. */
  accept?: (name: string) => boolean;
  /** Scan everything, even when clusters exist (reference results, recall measurements). */
  exact?: boolean;
}

/**
 * Nearest-neighbour search over the current model's vectors, in this process. Vectors are unit
 * length, so cosine similarity is a dot product; one contiguous Float32Array keeps scans
 * cache-friendly.
 *
 * Small sets are scanned exactly. Past IVF_MIN_VECTORS, `optimize()` clusters them (spherical
 * k-means, √n clusters, an inverted file): a query scores the cluster centres, then scans only
 * the vectors of the closest clusters — about an eighth of the set. That makes it approximate, as
 * pgvector's HNSW is; bench/search.bench.mjs measures its recall against the exact scan.
 */
export class MemoryVectorIndex {
  private names: string[] = [];
  private slots = new Map<string, number>();
  private data = new Float32Array(0);
  private dims = 0;
  private model?: string;
  /** Scratch for one query: scanned slots, and their scores. */
  private scores = new Float32Array(0);
  private candidates = new Int32Array(0);
  private ivf?: Ivf;

  get size(): number {
    return this.slots.size;
  }

  /** Whether clusters are built (searches are approximate). */
  get clustered(): boolean {
    return this.ivf !== undefined;
  }

  /** Drops everything when the model changes: vectors of different models are not comparable. */
  reset(model: string, dims: number): void {
    this.model = model;
    this.dims = dims;
    this.names = [];
    this.slots.clear();
    this.data = new Float32Array(0);
    this.ivf = undefined;
  }

  isFor(model: string): boolean {
    return this.model === model;
  }

  upsert(name: string, vector: ArrayLike<number>): void {
    if (vector.length !== this.dims) return;
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = this.names.length;
      this.names.push(name);
      this.slots.set(name, slot);
      if ((slot + 1) * this.dims > this.data.length) {
        const grown = new Float32Array(Math.max(1024 * this.dims, this.data.length * 2));
        grown.set(this.data);
        this.data = grown;
      }
    }
    this.data.set(vector, slot * this.dims);
    this.ivf?.place(slot, this.data, this.dims);
  }

  remove(name: string): void {
    const slot = this.slots.get(name);
    if (slot === undefined) return;
    // Move the last vector into the hole.
    const last = this.names.length - 1;
    const lastName = this.names[last]!;
    this.ivf?.unplace(slot);
    if (slot !== last) {
      this.data.copyWithin(slot * this.dims, last * this.dims, (last + 1) * this.dims);
      this.names[slot] = lastName;
      this.slots.set(lastName, slot);
      this.ivf?.move(last, slot);
    }
    this.names.pop();
    this.slots.delete(name);
  }

  /**
   * Builds (or rebuilds) the clusters when the set has reached IVF_MIN_VECTORS and has doubled or
   * halved since they were built; drops them when it has shrunk below. Costs about 0.4 s for
   * 20,000 × 50 dims, so it runs after bulk loads, not on the query path.
   */
  optimize(): boolean {
    const n = this.names.length;
    if (n < IVF_MIN_VECTORS) {
      this.ivf = undefined;
      return false;
    }
    if (this.ivf && n < this.ivf.builtAt * 2 && n > this.ivf.builtAt / 2) return false;
    this.ivf = Ivf.build(this.data, n, this.dims);
    return true;
  }

  /** The `k` most similar, best first (equal scores: the earlier stored first). */
  search(query: Float32Array, k: number, opts: VectorSearchOptions = {}): { name: string; score: number }[] {
    const n = this.names.length;
    const d = this.dims;
    if (n === 0 || query.length !== d || k <= 0) return [];
    if (this.scores.length < n) {
      const capacity = Math.max(1024, this.data.length / d);
      this.scores = new Float32Array(capacity);
      this.candidates = new Int32Array(capacity);
    }
    // Candidates (slots) and their scores side by side, in scan order.
    const scores = this.scores;
    const candidates = this.candidates;
    const accept = opts.accept;
    const pick = (count: number): { name: string; score: number }[] => {
      // Without a filter the top k is the answer; with one, widen until k pass (or nothing is left).
      for (let want = k; ; want *= 4) {
        const top = topByScore(scores, count, want, (a, b) => candidates[a]! - candidates[b]!);
        const kept = accept ? top.filter((i) => accept(this.names[candidates[i]!]!)) : top;
        if (kept.length >= k || want >= count)
          return kept.slice(0, k).map((i) => ({ name: this.names[candidates[i]!]!, score: scores[i]! }));
      }
    };
    if (!this.ivf || opts.exact) {
      for (let slot = 0; slot < n; slot++) {
        scores[slot] = dot(this.data, slot * d, query, d);
        candidates[slot] = slot;
      }
      return pick(n);
    }
    // Closest clusters first; with a filter that leaves fewer than k, twice as many clusters, until all are scanned.
    const ivf = this.ivf;
    const order = ivf.nearestLists(query);
    let count = 0;
    for (let probed = 0, target = ivf.probes; ; target *= 2) {
      for (; probed < Math.min(target, order.length); probed++) {
        // Each cluster's vectors lie side by side: the scan reads memory in order.
        const list = ivf.lists[order[probed]!]!;
        const { vectors, slots, size } = list;
        for (let i = 0; i < size; i++) {
          scores[count] = dot(vectors, i * d, query, d);
          candidates[count++] = slots[i]!;
        }
      }
      const found = pick(count);
      if (found.length >= k || probed >= order.length) return found;
    }
  }
}

function rangeOf(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function dot(data: Float32Array, off: number, q: Float32Array, d: number): number {
  // Four accumulators break the dependency chain of one long sum.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  const d4 = d - (d % 4);
  for (; j < d4; j += 4) {
    s0 += data[off + j]! * q[j]!;
    s1 += data[off + j + 1]! * q[j + 1]!;
    s2 += data[off + j + 2]! * q[j + 2]!;
    s3 += data[off + j + 3]! * q[j + 3]!;
  }
  for (; j < d; j++) s0 += data[off + j]! * q[j]!;
  return s0 + s1 + s2 + s3;
}

/** Scores rows [from, to) of `data` into `out` (by row). */
function dotAll(data: Float32Array, d: number, q: Float32Array, from: number, to: number, out: Float32Array): void {
  for (let i = from; i < to; i++) out[i] = dot(data, i * d, q, d);
}

/** One cluster: its members' slots, and a copy of their vectors, contiguous. */
class IvfList {
  slots = new Int32Array(16);
  vectors: Float32Array;
  size = 0;

  constructor(private readonly dims: number) {
    this.vectors = new Float32Array(16 * dims);
  }

  push(slot: number, data: Float32Array, off: number): number {
    if (this.size === this.slots.length) {
      const slots = new Int32Array(this.size * 2);
      slots.set(this.slots);
      this.slots = slots;
      const vectors = new Float32Array(this.size * 2 * this.dims);
      vectors.set(this.vectors);
      this.vectors = vectors;
    }
    this.slots[this.size] = slot;
    this.vectors.set(data.subarray(off, off + this.dims), this.size * this.dims);
    return this.size++;
  }

  /** Takes out the member at `at`; the last one moves there (returns its slot, or -1 when nothing moved). */
  removeAt(at: number): number {
    const last = --this.size;
    if (at === last) return -1;
    this.slots[at] = this.slots[last]!;
    this.vectors.copyWithin(at * this.dims, last * this.dims, (last + 1) * this.dims);
    return this.slots[at]!;
  }
}

/** An inverted file: cluster centres, and each cluster's members. */
class Ivf {
  /** Which list holds each slot, and where in it (-1: none). */
  private listOf: Int32Array;
  private posOf: Int32Array;
  readonly lists: IvfList[];

  private constructor(
    readonly centroids: Float32Array,
    readonly count: number,
    private readonly dims: number,
    readonly builtAt: number,
    capacity: number,
  ) {
    this.listOf = new Int32Array(capacity).fill(-1);
    this.posOf = new Int32Array(capacity).fill(-1);
    this.lists = Array.from({ length: count }, () => new IvfList(dims));
  }

  /** Lists scanned at least per query: about an eighth of them (recall ≈ 0.95 at k = 50 on the benchmark corpus). */
  get probes(): number {
    return Math.max(8, Math.ceil(this.count / 8));
  }

  /** Spherical k-means over a sample (centres are unit vectors), then every vector to its closest centre. */
  static build(data: Float32Array, n: number, d: number): Ivf {
    const count = Math.max(1, Math.round(Math.sqrt(n)));
    // A sample spread evenly over the set (deterministic), and centres started from evenly spread members of it.
    const sampleSize = Math.min(n, count * 40);
    const sample = Int32Array.from({ length: sampleSize }, (_, i) => Math.floor((i * n) / sampleSize));
    const centroids = new Float32Array(count * d);
    for (let c = 0; c < count; c++) {
      const off = sample[Math.floor((c * sampleSize) / count)]! * d;
      centroids.set(data.subarray(off, off + d), c * d);
    }
    const assign = new Int32Array(sampleSize);
    for (let iteration = 0; iteration < 6; iteration++) {
      for (let s = 0; s < sampleSize; s++) assign[s] = closest(centroids, count, d, data, sample[s]! * d);
      const sums = new Float64Array(count * d);
      const sizes = new Int32Array(count);
      for (let s = 0; s < sampleSize; s++) {
        const c = assign[s]!;
        sizes[c]!++;
        const off = sample[s]! * d;
        for (let j = 0; j < d; j++) sums[c * d + j]! += data[off + j]!;
      }
      for (let c = 0; c < count; c++) {
        // An empty cluster restarts from a sample vector (a different one each round).
        const restart = sample[(c * 7919 + iteration * 104729) % sampleSize]! * d;
        const source = sizes[c] ? sums.subarray(c * d, c * d + d) : data.subarray(restart, restart + d);
        let norm = 0;
        for (let j = 0; j < d; j++) norm += source[j]! * source[j]!;
        norm = Math.sqrt(norm) || 1;
        for (let j = 0; j < d; j++) centroids[c * d + j] = source[j]! / norm;
      }
    }
    const ivf = new Ivf(centroids, count, d, n, Math.max(n * 2, 1024));
    for (let slot = 0; slot < n; slot++) ivf.place(slot, data, d);
    return ivf;
  }

  /** Cluster numbers, closest centre first. */
  nearestLists(q: Float32Array): Int32Array {
    const sims = new Float32Array(this.count);
    dotAll(this.centroids, this.dims, q, 0, this.count, sims);
    return rangeOf(this.count).sort((a, b) => sims[b]! - sims[a]!);
  }

  /** Files a new or changed vector under its closest centre. */
  place(slot: number, data: Float32Array, d: number): void {
    this.unplace(slot);
    if (slot >= this.listOf.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(Math.max(slot + 1, a.length * 2)).fill(-1);
        b.set(a);
        return b;
      };
      this.listOf = grow(this.listOf);
      this.posOf = grow(this.posOf);
    }
    const c = closest(this.centroids, this.count, d, data, slot * d);
    this.listOf[slot] = c;
    this.posOf[slot] = this.lists[c]!.push(slot, data, slot * d);
  }

  unplace(slot: number): void {
    const c = this.listOf[slot] ?? -1;
    if (c < 0) return;
    const at = this.posOf[slot]!;
    const moved = this.lists[c]!.removeAt(at);
    if (moved >= 0) this.posOf[moved] = at;
    this.listOf[slot] = -1;
    this.posOf[slot] = -1;
  }

  /** A vector moved from slot `from` to `to` (its data is unchanged). */
  move(from: number, to: number): void {
    const c = this.listOf[from]!;
    if (c < 0) return;
    const at = this.posOf[from]!;
    this.lists[c]!.slots[at] = to;
    this.listOf[to] = c;
    this.posOf[to] = at;
    this.listOf[from] = -1;
    this.posOf[from] = -1;
  }
}

function closest(centroids: Float32Array, count: number, d: number, data: Float32Array, off: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < count; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += centroids[c * d + j]! * data[off + j]!;
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
  }
  return best;
}
