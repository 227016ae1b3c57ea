export {
  bearerToken,
  clientAddress,
  clientFor,
  isTrustedProxyAddress,
  rateLimitAddress,
  type RateLimitClient,
  tokenKey,
  type TrustedProxies,
} from './client-identity';
export { MemoryRateLimitStore, type MemoryRateLimitStoreOptions } from './memory-rate-limit.store';
export { type PathMatcher, rateLimitHook, type RateLimitHookOptions, type RateLimitRoute } from './rate-limit.hook';
export {
  assertValidPolicy,
  DEFAULT_IP_POLICY,
  DEFAULT_RATE_LIMIT_POLICIES,
  DEFAULT_TOKEN_POLICY,
  type RateLimitBucketState,
  type RateLimitPolicies,
  type RateLimitPolicy,
} from './rate-limit.policy';
export type { RateLimitBucket, RateLimitResult, RateLimitStore } from './rate-limit.store';
export { RedisRateLimitStore, type RedisRateLimitStoreOptions } from './redis-rate-limit.store';
