import type { RateLimitBucketState, RateLimitPolicy } from './rate-limit.policy';

/** One bucket a request is counted in: a key (already naming the client) and its policy. */
export interface RateLimitBucket {
  key: string;
  policy: RateLimitPolicy;
}

export interface RateLimitResult {
  /** True when every bucket had room; the request was then counted in all of them. */
  admitted: boolean;
  /** In the order the buckets were given. */
  buckets: RateLimitBucketState[];
}

/**
 * Where bucket state lives. Implementations must give identical answers for identical histories
 * (one suite, `rate-limit.store.spec.ts`, runs against each) and decide each hit atomically,
 * so concurrent requests never admit more than the policy allows.
 */
export interface RateLimitStore {
  /** Counts one request in every bucket, or in none (see `gcraDecide`). Rejects when the store is unreachable. */
  hit(buckets: readonly RateLimitBucket[]): Promise<RateLimitResult>;
  close(): Promise<void>;
}
