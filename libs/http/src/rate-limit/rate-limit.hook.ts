import { Logger, type LoggerService } from '@nestjs/common';
import { toProblem } from '@mcp-hub/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../problem.filter';
import { clientFor, type RateLimitClient, tokenKey, type TrustedProxies } from './client-identity';
import {
  assertValidPolicy,
  DEFAULT_RATE_LIMIT_POLICIES,
  type RateLimitBucketState,
  type RateLimitPolicies,
  type RateLimitPolicy,
} from './rate-limit.policy';
import type { RateLimitBucket, RateLimitResult, RateLimitStore } from './rate-limit.store';

/** A path is matched without its query string and trailing slash: a string exactly, a RegExp by test(). */
export type PathMatcher = string | RegExp;

/** Extra limits for some routes (sign-in, publish), counted in addition to the general ones. */
export interface RateLimitRoute {
  path: PathMatcher;
  /** One method or several; every method when omitted. */
  method?: string | readonly string[];
  policies: RateLimitPolicies;
}

export interface RateLimitHookOptions {
  store: RateLimitStore;
  /** Applied to every request that is not exempt; `DEFAULT_RATE_LIMIT_POLICIES` when omitted. */
  policies?: RateLimitPolicies;
  routes?: readonly RateLimitRoute[];
  /** Never limited and given no RateLimit headers: probes such as `/health` and `/ready`. */
  exempt?: readonly PathMatcher[];
  /** Who a request counts against; by default its client address and bearer token. */
  keyFor?: (request: FastifyRequest) => RateLimitClient;
  /** Proxies whose X-Forwarded-For the default `keyFor` believes; none when omitted. See `TrustedProxies`. */
  trustProxy?: TrustedProxies;
  logger?: Pick<LoggerService, 'warn' | 'log'>;
  /** After the store fails, requests skip it for this long instead of each waiting on it; 1000 ms by default. */
  failOpenCooldownMs?: number;
}

type Kind = 'ip' | 'token';

interface KeyedBucket extends RateLimitBucket {
  kind: Kind;
}

const PER: Record<Kind, string> = { ip: 'from this client address', token: 'for this API token' };

/**
 * A Fastify `onRequest` hook enforcing per-IP and per-token limits. Every limited response
 * carries the RateLimit-Limit / -Remaining / -Reset / -Policy fields of the IETF httpapi draft
 * (the versions with separate fields), describing the bucket closest to running out; a refused
 * request gets 429, Retry-After and a problem+json body naming the limit it hit.
 *
 * RateLimit-Limit is the bucket's capacity (limit × burst), the number RateLimit-Remaining
 * counts down from; RateLimit-Policy gives the sustained rate, e.g. `180;w=60;burst=540`.
 */
export function rateLimitHook(options: RateLimitHookOptions) {
  const { store } = options;
  const policies = options.policies ?? DEFAULT_RATE_LIMIT_POLICIES;
  const routes = options.routes ?? [];
  const exempt = options.exempt ?? [];
  const keyFor = options.keyFor ?? ((request: FastifyRequest) => clientFor(request, options.trustProxy));
  const logger = options.logger ?? new Logger('rate-limit');
  const cooldownMs = options.failOpenCooldownMs ?? 1000;
  assertPolicies([policies, ...routes.map((r) => r.policies)]);

  let failing = false;
  let skipStoreUntil = 0;

  return async function rateLimit(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const path = pathOf(request.url);
    if (exempt.some((m) => matches(m, path))) return undefined;
    const buckets = bucketsFor(keyFor(request), [
      policies,
      ...routes.filter((r) => routeMatches(r, request.method, path)).map((r) => r.policies),
    ]);
    if (buckets.length === 0) return undefined;

    // Fail open: when the store is unreachable the request goes through unlimited. An outage of
    // Redis must not become an outage of the registry, and limits are abuse protection, not
    // accounting. It is logged once when it starts and once when it ends, not per request.
    if (performance.now() < skipStoreUntil) return undefined;
    let result: RateLimitResult;
    try {
      result = await store.hit(buckets);
    } catch (err) {
      skipStoreUntil = performance.now() + cooldownMs;
      if (!failing) {
        failing = true;
        logger.warn(
          `Rate limiting is off until the store answers again (requests pass unlimited): ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      return undefined;
    }
    if (failing) {
      failing = false;
      logger.log('Rate-limit store answers again; limits apply.');
    }

    const shown = reportedBucket(result);
    const kind = buckets[result.buckets.indexOf(shown)]!.kind;
    void reply
      .header('RateLimit-Limit', shown.limit)
      .header('RateLimit-Remaining', shown.remaining)
      .header('RateLimit-Reset', Math.ceil(shown.resetMs / 1000))
      .header('RateLimit-Policy', policyField(shown, result.buckets));
    if (result.admitted) return undefined;

    const retryAfter = Math.max(1, Math.ceil(shown.retryAfterMs / 1000));
    void reply.header('Retry-After', retryAfter);
    sendProblem(
      reply,
      request,
      toProblem(429, refusal(shown.policy, kind, shown.limit, retryAfter), [], 'rate_limited'),
    );
    return reply;
  };
}

function assertPolicies(sets: readonly RateLimitPolicies[]): void {
  const byKey = new Map<string, RateLimitPolicy>();
  for (const set of sets) {
    for (const kind of ['ip', 'token'] as const) {
      const policy = set[kind];
      if (!policy) continue;
      assertValidPolicy(policy);
      // Two different policies under one name would share buckets and count each other's requests.
      const seen = byKey.get(`${kind}:${policy.name}`);
      if (seen && JSON.stringify(seen) !== JSON.stringify(policy)) {
        throw new Error(`rate-limit policies: two different ${kind} policies are named ${JSON.stringify(policy.name)}`);
      }
      byKey.set(`${kind}:${policy.name}`, policy);
    }
  }
}

function bucketsFor(client: RateLimitClient, sets: readonly RateLimitPolicies[]): KeyedBucket[] {
  const hashed = client.token ? tokenKey(client.token) : undefined;
  const buckets = new Map<string, KeyedBucket>();
  for (const set of sets) {
    if (set.ip)
      buckets.set(`${set.ip.name}:ip:${client.ip}`, {
        key: `${set.ip.name}:ip:${client.ip}`,
        policy: set.ip,
        kind: 'ip',
      });
    if (set.token && hashed)
      buckets.set(`${set.token.name}:token:${hashed}`, {
        key: `${set.token.name}:token:${hashed}`,
        policy: set.token,
        kind: 'token',
      });
  }
  return [...buckets.values()];
}

/** When refused, the refusing bucket the client must wait longest for; else the one with fewest requests left. */
function reportedBucket(result: RateLimitResult): RateLimitBucketState {
  if (!result.admitted) {
    return result.buckets.filter((b) => !b.conforming).reduce((a, b) => (b.retryAfterMs > a.retryAfterMs ? b : a));
  }
  return result.buckets.reduce((a, b) =>
    b.remaining < a.remaining || (b.remaining === a.remaining && b.resetMs > a.resetMs) ? b : a,
  );
}

function policyItem(policy: RateLimitPolicy, capacity: number): string {
  const item = `${policy.limit};w=${Math.ceil(policy.windowMs / 1000)}`;
  return capacity === policy.limit ? item : `${item};burst=${capacity}`;
}

/** Every policy that applied, the reported one first. */
function policyField(shown: RateLimitBucketState, buckets: readonly RateLimitBucketState[]): string {
  return [...new Set([shown, ...buckets].map((b) => policyItem(b.policy, b.limit)))].join(', ');
}

function refusal(policy: RateLimitPolicy, kind: Kind, capacity: number, retryAfter: number): string {
  const seconds = policy.windowMs / 1000;
  const burst = capacity === policy.limit ? '' : ` (bursts of up to ${capacity})`;
  return (
    `Too many requests ${PER[kind]}: the "${policy.name}" limit allows ${policy.limit} requests per ${seconds} second${seconds === 1 ? '' : 's'}${burst}. ` +
    `Retry after ${retryAfter} second${retryAfter === 1 ? '' : 's'}.`
  );
}

function pathOf(url: string): string {
  const path = url.split('?')[0] ?? '/';
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function matches(matcher: PathMatcher, path: string): boolean {
  if (typeof matcher === 'string') return matcher === path;
  // A /g or /y pattern remembers where it last matched; every request starts afresh.
  matcher.lastIndex = 0;
  return matcher.test(path);
}

function routeMatches(route: RateLimitRoute, method: string, path: string): boolean {
  if (route.method !== undefined && ![route.method].flat().some((m) => m.toUpperCase() === method)) return false;
  return matches(route.path, path);
}
