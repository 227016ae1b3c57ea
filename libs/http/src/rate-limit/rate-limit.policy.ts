/**
 * Rate-limit policies and the one algorithm both stores implement: GCRA (the generic cell rate
 * algorithm, i.e. a leaky bucket kept as a single timestamp).
 *
 * Why GCRA: a bucket is one number (its "theoretical arrival time", TAT), so the Redis store
 * reads and writes one key per bucket in its script and the memory store keeps one entry per
 * bucket. Requests refill smoothly instead of all at once at a window edge, so there is no
 * double-spend across a fixed-window boundary, and a burst allowance falls out of the algorithm
 * (it is the tolerance) instead of being a second counter.
 *
 * With emission interval T = windowMs / limit and capacity C = floor(limit × burst):
 *   tat' = max(tat, now) + T;  admit when tat' − now ≤ C × T, then store tat'.
 * From idle, exactly C requests pass back to back; after that one request per T. `burst` is a
 * multiplier of `limit`, as ingress-nginx's `limit-burst-multiplier`: the official registry's
 * 180/min with a 3× burst lets an idle client spend 540 requests at once, then 3 per second, and
 * an idle minute gives back 180 of them.
 *
 * All times are integer microseconds so the TypeScript here and the Lua in Redis compute the
 * same numbers (doubles are exact for integers below 2^53; µs since 1970 are ~1.8e15).
 */

export interface RateLimitPolicy {
  /** Short identifier, used in store keys and the RateLimit-Policy header (`[A-Za-z0-9_-]`). */
  name: string;
  /** Requests per window, sustained. */
  limit: number;
  windowMs: number;
  /** Multiplier of `limit` an idle client may spend at once; 1 (the default) means no burst. */
  burst?: number;
}

/** Policies for one class of requests: per client IP and, when a bearer token is sent, per token. */
export interface RateLimitPolicies {
  ip?: RateLimitPolicy;
  token?: RateLimitPolicy;
}

/** The official registry's limit: 180 requests a minute per IP, with a 3× burst. */
export const DEFAULT_IP_POLICY: RateLimitPolicy = Object.freeze({
  name: 'default',
  limit: 180,
  windowMs: 60_000,
  burst: 3,
});

/** The same allowance per bearer token, so sharing a NAT does not cost an authenticated client. */
export const DEFAULT_TOKEN_POLICY: RateLimitPolicy = Object.freeze({
  name: 'default',
  limit: 180,
  windowMs: 60_000,
  burst: 3,
});

export const DEFAULT_RATE_LIMIT_POLICIES: RateLimitPolicies = Object.freeze({
  ip: DEFAULT_IP_POLICY,
  token: DEFAULT_TOKEN_POLICY,
});

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Throws on a policy that cannot work, so a bad setting stops boot instead of limiting nothing. */
export function assertValidPolicy(policy: RateLimitPolicy): void {
  const where = `rate-limit policy ${JSON.stringify(policy.name)}`;
  if (!NAME.test(policy.name)) throw new Error(`${where}: name must be 1-64 characters of A-Z, a-z, 0-9, _ or -`);
  if (!Number.isInteger(policy.limit) || policy.limit < 1)
    throw new Error(`${where}: limit must be a positive integer`);
  if (!Number.isFinite(policy.windowMs) || policy.windowMs < 1)
    throw new Error(`${where}: windowMs must be at least 1`);
  const burst = policy.burst ?? 1;
  if (!Number.isFinite(burst) || burst < 1)
    throw new Error(`${where}: burst must be a number ≥ 1 (a multiplier of limit)`);
}

export interface GcraParams {
  /** T: microseconds one request costs. Rounded up so rounding never admits more than the policy. */
  intervalUs: number;
  /** C: requests an idle bucket admits back to back. */
  capacity: number;
  /** τ = C × T. */
  toleranceUs: number;
}

export function gcraParams(policy: RateLimitPolicy): GcraParams {
  const intervalUs = Math.ceil((policy.windowMs * 1000) / policy.limit);
  const capacity = Math.floor(policy.limit * (policy.burst ?? 1));
  return { intervalUs, capacity, toleranceUs: capacity * intervalUs };
}

export interface GcraDecision {
  admitted: boolean;
  /** Per bucket: whether it alone would have admitted the request. */
  conforming: boolean[];
  /** Per bucket: TAT after the decision (advanced only when the request was admitted). */
  tatsUs: number[];
}

/**
 * One request against several buckets, all or nothing: it is admitted only if every bucket has
 * room, and only then is it counted in each. A request refused by its token limit therefore
 * does not also use up its IP allowance. The Lua script in the Redis store mirrors this line
 * for line.
 */
export function gcraDecide(
  nowUs: number,
  storedTatsUs: readonly (number | undefined)[],
  params: readonly GcraParams[],
): GcraDecision {
  const tats = params.map((_, i) => Math.max(storedTatsUs[i] ?? 0, nowUs));
  const conforming = params.map((p, i) => tats[i]! + p.intervalUs - nowUs <= p.toleranceUs);
  const admitted = conforming.every(Boolean);
  return { admitted, conforming, tatsUs: admitted ? tats.map((tat, i) => tat + params[i]!.intervalUs) : tats };
}

/** What a client is told about one bucket. */
export interface RateLimitBucketState {
  key: string;
  policy: RateLimitPolicy;
  /** Whether this bucket had room (the request is admitted only if every bucket had). */
  conforming: boolean;
  /** C: the most requests the bucket can hold. */
  limit: number;
  /** Requests that would be admitted right now, back to back. */
  remaining: number;
  /** Until the bucket is full again. */
  resetMs: number;
  /** Until this bucket has room for one request; 0 when it has room now. */
  retryAfterMs: number;
}

export function bucketState(
  key: string,
  policy: RateLimitPolicy,
  nowUs: number,
  tatUs: number,
  conforming: boolean,
): RateLimitBucketState {
  const p = gcraParams(policy);
  const usedUs = Math.max(0, tatUs - nowUs);
  return {
    key,
    policy,
    conforming,
    limit: p.capacity,
    remaining: Math.max(0, Math.floor((p.toleranceUs - usedUs) / p.intervalUs)),
    resetMs: usedUs / 1000,
    retryAfterMs: Math.max(0, usedUs + p.intervalUs - p.toleranceUs) / 1000,
  };
}
