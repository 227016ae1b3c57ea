import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { bucketState, gcraParams } from './rate-limit.policy';
import type { RateLimitBucket, RateLimitResult, RateLimitStore } from './rate-limit.store';

export interface RedisRateLimitStoreOptions {
  /** A client the caller owns and closes, or a `redis://` URL for a connection the store opens and closes. */
  redis: Redis | string;
  /** Prepended to every key; `mcp-hub:rate-limit:` by default. */
  keyPrefix?: string;
  /** A hit that takes longer fails (and the hook lets the request through); 500 ms by default. */
  timeoutMs?: number;
}

/**
 * `gcraDecide` in Lua, so that reading every bucket, deciding and writing happen as one atomic
 * step on the server: two processes (or two hundred concurrent requests) can never both see
 * room that only one of them may use. Time is the Redis server's clock, so instances with
 * skewed clocks still agree. A key expires when its bucket is full again (TAT reached), which
 * is exactly when it stops carrying information.
 *
 * KEYS: one per bucket. ARGV: interval and tolerance in µs, per bucket.
 * Reply: admitted, now, then TAT and conforming per bucket.
 * string.format('%d') because Lua's tostring keeps only 14 digits and µs timestamps have 16.
 */
const GCRA_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tats, conforming, admitted = {}, {}, 1
for i = 1, #KEYS do
  local tat = tonumber(redis.call('GET', KEYS[i])) or 0
  if tat < now then tat = now end
  tats[i] = tat
  if tat + tonumber(ARGV[2 * i - 1]) - now <= tonumber(ARGV[2 * i]) then
    conforming[i] = 1
  else
    conforming[i] = 0
    admitted = 0
  end
end
local reply = { admitted, now }
for i = 1, #KEYS do
  if admitted == 1 then
    tats[i] = tats[i] + tonumber(ARGV[2 * i - 1])
    redis.call('SET', KEYS[i], string.format('%d', tats[i]), 'PX', string.format('%d', math.ceil((tats[i] - now) / 1000)))
  end
  reply[#reply + 1] = tats[i]
  reply[#reply + 1] = conforming[i]
end
return reply
`;
const GCRA_SHA = createHash('sha1').update(GCRA_LUA).digest('hex');

/**
 * Buckets in Redis, shared by every instance of the Hub. One script call per request, whatever
 * the number of buckets. Multi-key scripts need a standalone Redis (or one Cluster slot).
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: Redis;
  private readonly owned: boolean;
  private readonly keyPrefix: string;
  private readonly timeoutMs: number;

  constructor(options: RedisRateLimitStoreOptions) {
    this.owned = typeof options.redis === 'string';
    this.redis =
      typeof options.redis === 'string'
        ? // One retry, not the default twenty: while Redis is down a hit should fail fast so the
          // request goes through, rather than wait for reconnection. A dead socket should not
          // hold shutdown for the default 2 s either.
          new Redis(options.redis, { maxRetriesPerRequest: 1, disconnectTimeout: 100 })
        : options.redis;
    // The hook reports an outage once; without a listener ioredis would print every reconnect error.
    if (this.owned) this.redis.on('error', () => undefined);
    this.keyPrefix = options.keyPrefix ?? 'mcp-hub:rate-limit:';
    this.timeoutMs = options.timeoutMs ?? 500;
  }

  async hit(buckets: readonly RateLimitBucket[]): Promise<RateLimitResult> {
    const keys = buckets.map((b) => this.keyPrefix + b.key);
    const args = buckets.flatMap((b) => {
      const p = gcraParams(b.policy);
      return [p.intervalUs, p.toleranceUs];
    });
    const reply = (await this.withTimeout(this.runScript(keys, args))) as unknown[];
    const [admitted, nowUs] = [Number(reply[0]), Number(reply[1])];
    return {
      admitted: admitted === 1,
      buckets: buckets.map((b, i) =>
        bucketState(b.key, b.policy, nowUs, Number(reply[2 + 2 * i]), Number(reply[3 + 2 * i]) === 1),
      ),
    };
  }

  /** Closes the connection if the store opened it; a client passed in stays with its owner. */
  async close(): Promise<void> {
    if (!this.owned) return;
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }

  private async runScript(keys: string[], args: number[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(GCRA_SHA, keys.length, ...keys, ...args);
    } catch (err) {
      // First use on this server (or after SCRIPT FLUSH): EVAL also caches the script.
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return this.redis.eval(GCRA_LUA, keys.length, ...keys, ...args);
    }
  }

  private withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis rate-limit store did not answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }
}
