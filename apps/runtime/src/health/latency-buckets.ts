/**
 * Upper bounds (ms) of the latency histogram each hourly rollup keeps; the last bucket takes the
 * rest. Percentiles over days are read from it (to within a bucket); over 24 h from raw checks.
 */
export const HEALTH_LATENCY_BUCKETS = [10, 25, 50, 100, 200, 350, 500, 750, 1000, 1500, 2500, 5000, 10000, Infinity];

export function bucketOf(ms: number): number {
  const i = HEALTH_LATENCY_BUCKETS.findIndex((b) => ms <= b);
  return i === -1 ? HEALTH_LATENCY_BUCKETS.length - 1 : i;
}

/** The upper bound of the bucket holding quantile q (0–1) of these counts; null without any. */
export function quantileOf(buckets: number[], q: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i] ?? 0;
    if (seen >= q * total) {
      const bound = HEALTH_LATENCY_BUCKETS[i]!;
      return Number.isFinite(bound) ? bound : HEALTH_LATENCY_BUCKETS[HEALTH_LATENCY_BUCKETS.length - 2]!;
    }
  }
  return null;
}
