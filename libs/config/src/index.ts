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
  HUB_DB_POOL_SIZE: z.coerce.number({ error: 'must be a whole number from 1 to 200' }).int().min(1).max(200).default(10),
  HUB_BODY_LIMIT_BYTES: z.coerce.number({ error: 'must be a number of bytes' }).int().min(1024).default(1024 * 1024),
  HUB_READ_CACHE_MB: z.coerce.number({ error: 'must be a number of megabytes (0 turns the cache off)' }).min(0).max(4096).default(64),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface HubConfig {
  port: number;
  host: string;
  /** Where the data lives: a Postgres server, or embedded PGlite in a folder (or in memory). */
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };
  dataDir: string;
  bootstrapToken?: string;
  bodyLimitBytes: number;
  /** Budget for cached serialized read responses; 0 turns the cache off. */
  readCacheBytes: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): HubConfig {
  const parsed = envSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
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
    readCacheBytes: Math.floor(e.HUB_READ_CACHE_MB * 1024 * 1024),
    logLevel: e.LOG_LEVEL,
  };
}

/** An empty variable means "unset", as it does for most twelve-factor tools. */
function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

export const HUB_CONFIG = Symbol('HUB_CONFIG');
