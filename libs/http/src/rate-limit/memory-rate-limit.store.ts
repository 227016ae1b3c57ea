import { Clock } from '../clock';
import { bucketState, gcraDecide, gcraParams } from './rate-limit.policy';
import type { RateLimitBucket, RateLimitResult, RateLimitStore } from './rate-limit.store';

export interface MemoryRateLimitStoreOptions {
  clock?: Clock;
  /** Hard cap on buckets kept: 100,000 by default (a few MB), at least 100. */
  maxKeys?: number;
}

/** Oldest buckets looked at on every hit, so idle clients leave without a timer. */
const SWEEP_PER_HIT = 4;

/**
 * Buckets in this process only: the default for a single instance, and what tests use. Exact
 * under concurrency because a hit runs synchronously from read to write.
 *
 * Memory stays bounded two ways. The map is kept in order of last update, and each hit drops
 * expired buckets from its old end. When the cap is reached anyway (many clients at once), all
 * expired buckets are dropped and then the least recently updated live ones until the map is at
 * 90% of the cap, which makes the full scan rare. A live bucket dropped that way starts over
 * full: under that much load the cap protects the process, not the client's allowance.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  /** Bucket key → TAT in µs. A bucket whose TAT is not in the future is full, so it is dropped. */
  private readonly tats = new Map<string, number>();
  private readonly clock: Clock;
  private readonly maxKeys: number;

  constructor(options: MemoryRateLimitStoreOptions = {}) {
    this.clock = options.clock ?? new Clock();
    this.maxKeys = options.maxKeys ?? 100_000;
    // A floor well above the few buckets one request touches, so shrinking never drops those.
    if (!Number.isInteger(this.maxKeys) || this.maxKeys < 100)
      throw new Error('MemoryRateLimitStore: maxKeys must be an integer ≥ 100');
  }

  /** Buckets currently held. */
  get size(): number {
    return this.tats.size;
  }

  async hit(buckets: readonly RateLimitBucket[]): Promise<RateLimitResult> {
    const nowUs = this.clock.now().getTime() * 1000;
    this.dropExpired(nowUs, SWEEP_PER_HIT);
    const decision = gcraDecide(
      nowUs,
      buckets.map((b) => this.tats.get(b.key)),
      buckets.map((b) => gcraParams(b.policy)),
    );
    if (decision.admitted) {
      buckets.forEach((b, i) => {
        this.tats.delete(b.key);
        this.tats.set(b.key, decision.tatsUs[i]!);
      });
      if (this.tats.size > this.maxKeys) this.shrink(nowUs);
    }
    return {
      admitted: decision.admitted,
      buckets: buckets.map((b, i) => bucketState(b.key, b.policy, nowUs, decision.tatsUs[i]!, decision.conforming[i]!)),
    };
  }

  async close(): Promise<void> {
    this.tats.clear();
  }

  /** Drops expired buckets from the least recently updated end, stopping at the first live one. */
  private dropExpired(nowUs: number, atMost: number): void {
    let seen = 0;
    for (const [key, tat] of this.tats) {
      if (seen++ >= atMost || tat > nowUs) return;
      this.tats.delete(key);
    }
  }

  private shrink(nowUs: number): void {
    for (const [key, tat] of this.tats) if (tat <= nowUs) this.tats.delete(key);
    const target = Math.floor(this.maxKeys * 0.9);
    for (const key of this.tats.keys()) {
      if (this.tats.size <= target) return;
      this.tats.delete(key);
    }
  }
}
