import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * One validated configuration per process, read once at boot. Nothing else in the Hub reads
 * process.env: a bad setting stops boot with a message that names the variable.
 */
const envSchema = z.object({
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number (0-65535)')
    .transform(Number)
    .pipe(z.number().max(65535, 'must be a port number (0-65535)'))
    .default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  HUB_DATA_DIR: z.string().default('./.hub-data'),
  HUB_BOOTSTRAP_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  HUB_DB_POOL_SIZE: z.coerce
    .number({ error: 'must be a whole number from 1 to 200' })
    .int()
    .min(1)
    .max(200)
    .default(10),
  HUB_BODY_LIMIT_BYTES: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int()
    .min(1024)
    .default(1024 * 1024),
  HUB_REQUEST_TIMEOUT: duration('HUB_REQUEST_TIMEOUT').prefault('30s'),
  HUB_HEADERS_TIMEOUT: duration('HUB_HEADERS_TIMEOUT').prefault('10s'),
  HUB_MAX_CONNECTIONS_PER_IP: z.coerce
    .number({ error: 'must be a number of connections (0: no cap)' })
    .int()
    .min(0)
    .max(1_000_000)
    .default(128),
  HUB_READ_CACHE_MB: z.coerce
    .number({ error: 'must be a number of megabytes (0 turns the cache off)' })
    .min(0)
    .max(4096)
    .default(64),
  HUB_UPSTREAM_URL: z
    .string()
    .refine(
      (v) => v === 'off' || /^https?:\/\/[^\s]+$/.test(v),
      'must be an http(s) URL, or "off" to disable mirroring',
    )
    .default('https://registry.modelcontextprotocol.io'),
  HUB_UPSTREAM_INTERVAL: duration('HUB_UPSTREAM_INTERVAL').prefault('10m'),
  HUB_UPSTREAM_MAX_PAGE_BYTES: z.coerce
    .number({ error: 'must be a number of bytes from 1024 to 1073741824' })
    .int()
    .min(1024)
    .max(1024 ** 3)
    .default(10 * 1024 * 1024),
  HUB_UPSTREAM_MAX_PAGES: z.coerce
    .number({ error: 'must be a number of pages from 1 to 1000000' })
    .int()
    .min(1)
    .max(1_000_000)
    .default(10_000),
  HUB_SEED_FILE: z.string().optional(),
  HUB_EMBEDDINGS: z.enum(['local', 'http', 'off'], { error: 'must be "local", "http" or "off"' }).optional(),
  HUB_EMBEDDINGS_MODEL_DIR: z.string().optional(),
  HUB_EMBEDDINGS_MODEL: z.string().default('Xenova/all-MiniLM-L6-v2'),
  HUB_EMBEDDINGS_DTYPE: z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'bnb4', 'q4f16', 'auto']).optional(),
  HUB_EMBEDDINGS_URL: z
    .string()
    .regex(/^https?:\/\//, 'must be an http(s) URL of an OpenAI-compatible API (…/v1)')
    .optional(),
  HUB_EMBEDDINGS_API_KEY: z.string().optional(),
  HUB_SEARCH_SEMANTIC_WEIGHT: z.coerce.number({ error: 'must be a number from 0 to 4' }).min(0).max(4).optional(),
  HUB_SEARCH_RESULT_CACHE: z.coerce
    .number({ error: 'must be a number of entries (0 turns the cache off)' })
    .int()
    .min(0)
    .max(1_000_000)
    .default(1000),
  HUB_SEARCH_ENGINE: z.enum(['memory', 'postgres'], { error: 'must be memory or postgres' }).default('memory'),
  HUB_WEB: z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).default('on'),
  WEB_PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number (0-65535)')
    .transform(Number)
    .pipe(z.number().max(65535, 'must be a port number (0-65535)'))
    .default(3000),
  WEB_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL, the address people open the site at')
    .optional(),
  WEB_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GITHUB_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{4,100}$/, "must be the GitHub OAuth app's client id")
    .optional(),
  GITHUB_CLIENT_SECRET: z.string().min(8, "must be the GitHub OAuth app's client secret").optional(),
  GITHUB_OAUTH_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL (https://github.com, or your GitHub Enterprise Server)')
    .default('https://github.com'),
  GITHUB_API_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL (https://api.github.com, or https://<host>/api/v3)')
    .default('https://api.github.com'),
  GITHUB_CALLBACK_URL: z
    .string()
    .regex(
      /^https?:\/\/[^\s]+$/,
      "must be the site's http(s) callback URL, e.g. https://hub.example.com/auth/github/callback",
    )
    .optional(),
  HUB_README_TIMEOUT: duration('HUB_README_TIMEOUT').prefault('5s'),
  HUB_README_TTL: duration('HUB_README_TTL').prefault('24h'),
  HUB_SIGNIN_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
  HUB_JWT_PRIVATE_KEY: z
    .string()
    .includes('PRIVATE KEY', { error: 'must be a PEM Ed25519 private key (openssl genpkey -algorithm Ed25519)' })
    .optional(),
  HUB_JWT_TTL: duration('HUB_JWT_TTL').prefault('5m'),
  HUB_DNS_SERVERS: z
    .string()
    .regex(
      /^[0-9a-fA-F.:[\]]+(\s*,\s*[0-9a-fA-F.:[\]]+)*$/,
      'must be DNS server addresses, comma-separated (e.g. 1.1.1.1,127.0.0.1:5353)',
    )
    .optional(),
  HUB_PROOF_WELL_KNOWN_URL: z
    .string()
    .regex(
      /^https?:\/\/\S*\{domain\}\S*$/,
      'must be an http(s) URL containing {domain}, e.g. http://127.0.0.1:8080/{domain}/.well-known/mcp-registry-auth',
    )
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1-64 characters of letters, digits, ":", "_", "." or "-"')
    .default('mcp-hub:'),
  HUB_RATE_LIMIT: z.coerce
    .number({ error: 'must be requests per minute (0 turns rate limiting off)' })
    .int()
    .min(0)
    .max(1_000_000)
    .default(180),
  HUB_RATE_LIMIT_BURST: z.coerce
    .number({ error: 'must be a multiplier of HUB_RATE_LIMIT, at least 1' })
    .min(1)
    .max(100)
    .default(3),
  // A count of proxies could not say which hops to believe; the addresses do.
  HUB_TRUST_PROXY: z
    .undefined({
      error: 'was replaced by HUB_TRUSTED_PROXIES: the addresses or CIDR ranges of the proxies in front of the Hub',
    })
    .optional(),
  HUB_TRUSTED_PROXIES: trustedProxies().prefault('127.0.0.0/8,::1'),
  HUB_PUBLISH_QUOTA: z.coerce
    .number({ error: 'must be publishes per namespace per day (0: no quota)' })
    .int()
    .min(0)
    .max(1_000_000)
    .default(100),
  HUB_TOKEN_USE_FLUSH_MS: z.coerce
    .number({ error: 'must be milliseconds between writes of token-use counts' })
    .int()
    .min(10)
    .max(600_000)
    .default(5_000),
  HUB_TOKEN_USE_DAYS: z.coerce
    .number({ error: 'must be the days token-use records are kept' })
    .int()
    .min(1)
    .max(3_650)
    .default(90),
  HUB_RUNTIME: z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).default('on'),
  HUB_RUNTIME_CONCURRENCY: z.coerce
    .number({ error: 'must be a whole number of inspections at once, from 1 to 64' })
    .int()
    .min(1)
    .max(64)
    .default(2),
  HUB_RUNTIME_TIMEOUT: duration('HUB_RUNTIME_TIMEOUT').prefault('30s'),
  HUB_RUNTIME_SANDBOX: z
    .enum(['bwrap', 'none'], { error: 'must be "bwrap" (bubblewrap) or "none" (UNSAFE: runs servers unsandboxed)' })
    .default('bwrap'),
  HUB_RUNTIME_ALLOW_PRIVATE_NETWORKS: z.enum(['0', '1'], { error: 'must be 0 or 1' }).default('0'),
  HUB_RUNTIME_MEMORY_MB: z.coerce
    .number({ error: 'must be megabytes of memory per sandboxed server, from 64 to 16384' })
    .int()
    .min(64)
    .max(16_384)
    .default(512),
  HUB_RUNTIME_RECONCILE_INTERVAL: duration('HUB_RUNTIME_RECONCILE_INTERVAL').prefault('5m'),
  HUB_NPM_REGISTRY: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be the http(s) URL of an npm registry, e.g. https://registry.npmjs.org')
    .optional(),
  HUB_HEALTH_INTERVAL: duration('HUB_HEALTH_INTERVAL', 24 * 3_600_000).prefault('10m'),
  HUB_QUEUE_STALLED: duration('HUB_QUEUE_STALLED').prefault('30s'),
});

/** Addresses and CIDR ranges, comma-separated, or "none". */
function trustedProxies() {
  return z.string().transform((v, ctx) => {
    if (v.trim() === 'none') return [];
    const entries = v.split(',').map((x) => x.trim());
    const bad = entries.find((x) => {
      const [address = '', prefix, extra] = x.split('/');
      const family = isIP(address);
      return (
        family === 0 ||
        extra !== undefined ||
        (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)))
      );
    });
    if (bad === undefined) return entries;
    ctx.addIssue({
      code: 'custom',
      message: `must be addresses or CIDR ranges, comma-separated (e.g. 127.0.0.0/8,::1,10.0.0.0/8), or "none": "${bad}" is neither`,
    });
    return z.NEVER;
  });
}

/** "90s", "10m", "1h", "1d" or plain seconds; at least one second. */
function duration(name: string, maxMs = 7 * 24 * 3_600_000) {
  const most = maxMs >= 7 * 24 * 3_600_000 ? '7 days' : maxMs >= 24 * 3_600_000 ? '1 day' : `${maxMs / 1000}s`;
  return z.string().transform((v, ctx) => {
    const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(v.trim());
    const ms = m
      ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 's') as 'ms']
      : NaN;
    // setTimeout cannot wait longer than 2^31-1 ms (~24.8 days); longer would fire at once.
    if (!(ms >= 1000 && ms <= maxMs)) {
      ctx.addIssue({
        code: 'custom',
        message: `${name} must be a duration like "90s", "10m" or "1h" (from 1s to ${most})`,
      });
      return z.NEVER;
    }
    return ms;
  });
}

export interface EmbeddingsConfig {
  /** local: transformers.js + ONNX in this process; http: an OpenAI-compatible /embeddings API; off: text search only. */
  kind: 'local' | 'http' | 'off';
  /** The model's own folder (config.json, tokenizer.json, onnx/); when unset the hub model id is fetched and cached. */
  modelDir?: string;
  /** Hub model id (local) or model name sent to the API (http). */
  model: string;
  dtype?: string;
  url?: string;
  apiKey?: string;
  /** Where fetched models are cached. */
  cacheDir: string;
}

export interface HubConfig {
  port: number;
  host: string;
  /** Where the data lives: a Postgres server, or embedded PGlite in a folder (or in memory). */
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };
  dataDir: string;
  bootstrapToken?: string;
  bodyLimitBytes: number;
  /**
   * How long a request's headers, and all of it, may take to arrive; and how many connections
   * one client address may hold open at once (0: no cap; trusted proxies are never capped).
   */
  connections: { requestTimeoutMs: number; headersTimeoutMs: number; maxPerAddress: number };
  /** Budget for cached serialized read responses; 0 turns the cache off. */
  readCacheBytes: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** The official registry this Hub mirrors; undefined when mirroring is off. */
  upstream?: { url: string; intervalMs: number };
  /** What one mirror run accepts from the upstream: decoded bytes per page, and pages per run. */
  upstreamLimits: { pageBytes: number; pagesPerRun: number };
  /** A snapshot in the official list format, imported at first boot (empty registry). */
  seedFile?: string;
  embeddings: EmbeddingsConfig;
  /** semanticWeight overrides the per-model fusion weight; resultCacheSize 0 turns the result cache off. */
  /**
   * engine: where searches run. memory (default): an in-process index of the documents Postgres
   * built, kept in step by the indexer; postgres: every search is a statement on the database.
   */
  search: { semanticWeight?: number; resultCacheSize: number; engine: 'memory' | 'postgres' };
  /** The web site (apps/web), started by the all-in-one Hub as a child process; undefined when off. */
  web?: { port: number; publicUrl?: string; sessionSecret?: string };
  /** GitHub sign-in; undefined when no client id is set. Web sign-in also needs the secret and a callback URL. */
  github?: {
    clientId: string;
    clientSecret?: string;
    oauthUrl: string;
    apiUrl: string;
    callbackUrl?: string;
    stateSecret?: string;
  };
  /**
   * Server READMEs, read from GitHub's REST API (GITHUB_API_URL, with or without sign-in): how
   * long one call may take, and how long a README read is served before it is read again.
   */
  readme: { githubApiUrl: string; timeoutMs: number; ttlMs: number };
  /** Registry JWTs: the signing key (else one per process) and their lifetime. */
  jwt: { privateKeyPem?: string; ttlSeconds: number };
  /** Namespace proofs: DNS servers for TXT lookups (else the system's) and a well-known URL override. */
  proofs: { dnsServers?: string[]; wellKnownUrl?: string };
  /** Redis, for rate limits shared by every Hub process; in-process counters when unset. Keys start with the prefix. */
  redisUrl?: string;
  redisKeyPrefix: string;
  /**
   * Requests per minute per IP and per token (0: off), the burst multiplier, and the proxies
   * (addresses, CIDR ranges) whose X-Forwarded-For is believed: by default loopback, where the
   * bundled web site calls from on behalf of its visitors.
   */
  rateLimit: { perMinute: number; burst: number; trustProxy: readonly string[] };
  /** Publishes per namespace per day (0: unlimited). */
  publishQuotaPerDay: number;
  /** Token-use records: how often each process writes its counts, and how long they are kept. */
  tokenUses: { flushMs: number; keepDays: number };
  /**
   * The Runtime service. worker: this process inspects versions and probes remotes (HUB_RUNTIME=on);
   * the API is served either way. sandbox "none" runs published servers unsandboxed (unsafe, explicit).
   * npmRegistry undefined: the npm config's registry. queueStalledMs: how long a BullMQ job's lock
   * lives, i.e. how soon a job whose worker died runs again.
   */
  runtime: {
    worker: boolean;
    concurrency: number;
    timeoutMs: number;
    sandbox: 'bwrap' | 'none';
    allowPrivateNetworks: boolean;
    memoryMb: number;
    reconcileIntervalMs: number;
    npmRegistry?: string;
    healthIntervalMs: number;
    queueStalledMs: number;
  };
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): HubConfig {
  const parsed = envSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.HUB_EMBEDDINGS === 'http' && !e.HUB_EMBEDDINGS_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  HUB_EMBEDDINGS_URL: required when HUB_EMBEDDINGS=http (the base URL of an OpenAI-compatible API, e.g. http://localhost:8080/v1)',
    );
  }
  if (e.HUB_HEADERS_TIMEOUT > e.HUB_REQUEST_TIMEOUT) {
    throw new ConfigError(
      'Invalid configuration:\n  HUB_HEADERS_TIMEOUT: must not be longer than HUB_REQUEST_TIMEOUT (the headers are part of the request)',
    );
  }
  const dataDir = path.resolve(e.HUB_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.HUB_DB_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    dataDir,
    bootstrapToken: e.HUB_BOOTSTRAP_TOKEN,
    bodyLimitBytes: e.HUB_BODY_LIMIT_BYTES,
    connections: {
      requestTimeoutMs: e.HUB_REQUEST_TIMEOUT,
      headersTimeoutMs: e.HUB_HEADERS_TIMEOUT,
      maxPerAddress: e.HUB_MAX_CONNECTIONS_PER_IP,
    },
    readCacheBytes: Math.floor(e.HUB_READ_CACHE_MB * 1024 * 1024),
    logLevel: e.LOG_LEVEL,
    upstream:
      e.HUB_UPSTREAM_URL === 'off'
        ? undefined
        : { url: e.HUB_UPSTREAM_URL.replace(/\/+$/, ''), intervalMs: e.HUB_UPSTREAM_INTERVAL },
    upstreamLimits: { pageBytes: e.HUB_UPSTREAM_MAX_PAGE_BYTES, pagesPerRun: e.HUB_UPSTREAM_MAX_PAGES },
    seedFile: e.HUB_SEED_FILE ? path.resolve(e.HUB_SEED_FILE) : undefined,
    embeddings: {
      kind: e.HUB_EMBEDDINGS ?? (e.HUB_EMBEDDINGS_URL ? 'http' : 'local'),
      modelDir: e.HUB_EMBEDDINGS_MODEL_DIR ? path.resolve(e.HUB_EMBEDDINGS_MODEL_DIR) : undefined,
      model: e.HUB_EMBEDDINGS_MODEL,
      dtype: e.HUB_EMBEDDINGS_DTYPE,
      url: e.HUB_EMBEDDINGS_URL?.replace(/\/+$/, ''),
      apiKey: e.HUB_EMBEDDINGS_API_KEY,
      cacheDir: path.join(dataDir, 'models'),
    },
    search: {
      semanticWeight: e.HUB_SEARCH_SEMANTIC_WEIGHT,
      resultCacheSize: e.HUB_SEARCH_RESULT_CACHE,
      engine: e.HUB_SEARCH_ENGINE,
    },
    web:
      e.HUB_WEB === 'off'
        ? undefined
        : { port: e.WEB_PORT, publicUrl: e.WEB_PUBLIC_URL?.replace(/\/+$/, ''), sessionSecret: e.WEB_SESSION_SECRET },
    github: e.GITHUB_CLIENT_ID
      ? {
          clientId: e.GITHUB_CLIENT_ID,
          clientSecret: e.GITHUB_CLIENT_SECRET,
          oauthUrl: e.GITHUB_OAUTH_URL.replace(/\/+$/, ''),
          apiUrl: e.GITHUB_API_URL.replace(/\/+$/, ''),
          // The site hosts the callback; by default the one this Hub starts.
          callbackUrl:
            e.GITHUB_CALLBACK_URL ??
            (e.HUB_WEB === 'off'
              ? undefined
              : `${e.WEB_PUBLIC_URL?.replace(/\/+$/, '') ?? `http://localhost:${e.WEB_PORT}`}/auth/github/callback`),
          stateSecret: e.HUB_SIGNIN_SECRET,
        }
      : undefined,
    readme: {
      githubApiUrl: e.GITHUB_API_URL.replace(/\/+$/, ''),
      timeoutMs: e.HUB_README_TIMEOUT,
      ttlMs: e.HUB_README_TTL,
    },
    jwt: { privateKeyPem: e.HUB_JWT_PRIVATE_KEY?.replace(/\\n/g, '\n'), ttlSeconds: Math.round(e.HUB_JWT_TTL / 1000) },
    proofs: {
      dnsServers: e.HUB_DNS_SERVERS?.split(',').map((x) => x.trim()),
      wellKnownUrl: e.HUB_PROOF_WELL_KNOWN_URL,
    },
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    rateLimit: { perMinute: e.HUB_RATE_LIMIT, burst: e.HUB_RATE_LIMIT_BURST, trustProxy: e.HUB_TRUSTED_PROXIES },
    publishQuotaPerDay: e.HUB_PUBLISH_QUOTA,
    tokenUses: { flushMs: e.HUB_TOKEN_USE_FLUSH_MS, keepDays: e.HUB_TOKEN_USE_DAYS },
    runtime: {
      worker: e.HUB_RUNTIME === 'on',
      concurrency: e.HUB_RUNTIME_CONCURRENCY,
      timeoutMs: e.HUB_RUNTIME_TIMEOUT,
      sandbox: e.HUB_RUNTIME_SANDBOX,
      allowPrivateNetworks: e.HUB_RUNTIME_ALLOW_PRIVATE_NETWORKS === '1',
      memoryMb: e.HUB_RUNTIME_MEMORY_MB,
      reconcileIntervalMs: e.HUB_RUNTIME_RECONCILE_INTERVAL,
      npmRegistry: e.HUB_NPM_REGISTRY?.replace(/\/+$/, ''),
      healthIntervalMs: e.HUB_HEALTH_INTERVAL,
      queueStalledMs: e.HUB_QUEUE_STALLED,
    },
  };
}

/** An empty (or blank) variable means "unset", as it does for most twelve-factor tools. */
function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') out[k] = v;
  return out;
}

export const HUB_CONFIG = Symbol('HUB_CONFIG');
