/**
 * Exact nearest-neighbour search in this process, for databases without pgvector (a stock
 * Postgres). Vectors are unit length, so cosine similarity is a dot product; one contiguous
 * Float32Array keeps the scan cache-friendly (20,000 × 384 floats scan in a few milliseconds).
 */
export class MemoryVectorIndex {
  private names: string[] = [];
  private slots = new Map<string, number>();
  private data = new Float32Array(0);
  private dims = 0;
  private model?: string;

  get size(): number {
    return this.slots.size;
  }

  /** Drops everything when the model changes: vectors of different models are not comparable. */
  reset(model: string, dims: number): void {
    this.model = model;
    this.dims = dims;
    this.names = [];
    this.slots.clear();
    this.data = new Float32Array(0);
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
  }

  remove(name: string): void {
    const slot = this.slots.get(name);
    if (slot === undefined) return;
    // Move the last vector into the hole.
    const last = this.names.length - 1;
    const lastName = this.names[last]!;
    if (slot !== last) {
      this.data.copyWithin(slot * this.dims, last * this.dims, (last + 1) * this.dims);
      this.names[slot] = lastName;
      this.slots.set(lastName, slot);
    }
    this.names.pop();
    this.slots.delete(name);
  }

  /** The `k` most similar, best first. */
  search(query: Float32Array, k: number): { name: string; score: number }[] {
    const n = this.names.length;
    const d = this.dims;
    if (n === 0 || query.length !== d || k <= 0) return [];
    // Locals, not fields, in the hot loop (V8 does not hoist field loads out of it); four
    // accumulators break the dependency chain of one long sum.
    const data = this.data;
    const q = query;
    const scores = new Float32Array(n);
    const d4 = d - (d % 4);
    for (let i = 0, off = 0; i < n; i++, off += d) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j < d4; j += 4) {
        s0 += data[off + j]! * q[j]!;
        s1 += data[off + j + 1]! * q[j + 1]!;
        s2 += data[off + j + 2]! * q[j + 2]!;
        s3 += data[off + j + 3]! * q[j + 3]!;
      }
      for (; j < d; j++) s0 += data[off + j]! * q[j]!;
      scores[i] = s0 + s1 + s2 + s3;
    }
    // Top k by a min-heap of slots (the weakest kept one on top): O(n log k), however large k is.
    const heap = new Int32Array(Math.min(k, n));
    let size = 0;
    const less = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
    const siftDown = (from: number) => {
      for (let i = from; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < size && less(heap[l]!, heap[m]!)) m = l;
        if (r < size && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) return;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    };
    for (let i = 0; i < n; i++) {
      if (size < heap.length) {
        heap[size] = i;
        for (let c = size++; c > 0; ) {
          const parent = (c - 1) >> 1;
          if (!less(heap[c]!, heap[parent]!)) break;
          [heap[c], heap[parent]] = [heap[parent]!, heap[c]!];
          c = parent;
        }
      } else if (less(heap[0]!, i)) {
        heap[0] = i;
        siftDown(0);
      }
    }
    const top = Array.from(heap.subarray(0, size)).sort((a, b) => scores[b]! - scores[a]! || a - b);
    return top.map((i) => ({ name: this.names[i]!, score: scores[i]! }));
  }
}
