/** mulberry32: a deterministic PRNG returning floats in [0, 1); the same seed gives the same numbers. */
export declare function prng(seed: number): () => number;
