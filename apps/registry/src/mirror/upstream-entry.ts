import {
  OFFICIAL_META_KEY,
  SERVER_STATUSES,
  type ServerStatus,
  findUnstorable,
  namespaceOf,
  serverNameProblems,
} from '@mcp-hub/domain';

/** One upstream version, checked and ready to store. */
export interface UpstreamVersion {
  name: string;
  namespace: string;
  version: string;
  /** The server.json as upstream sent it, re-serialized with its key order intact. */
  serverJsonText: string;
  status: ServerStatus;
  statusMessage: string | null;
  statusChangedAt: string;
  publishedAt: string;
  /** Upstream's updatedAt exactly as sent (it may carry nanoseconds). */
  updatedAt: string;
  isLatest: boolean;
}

export type ParsedEntry = { ok: true; version: UpstreamVersion } | { ok: false; reason: string; label: string };

/** RFC 3339 with any number of fraction digits, as upstream writes it. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Far deeper than any real server.json (about six levels); bounds the walk and the re-serialization. */
const MAX_DEPTH = 64;

/**
 * Checks the shape of one entry of an upstream list page. Only what the mirror relies on is
 * checked (name, version, the official metadata), and that every part of it can be stored; the
 * server.json itself was validated by the upstream registry when it was published, against the
 * schema of its day, and is kept verbatim.
 */
export function parseUpstreamEntry(raw: unknown): ParsedEntry {
  const label = labelOf(raw);
  const fail = (reason: string): ParsedEntry => ({ ok: false, reason, label });
  if (!isObject(raw)) return fail('entry is not an object');
  const server = raw.server;
  if (!isObject(server)) return fail('entry has no "server" object');
  const nameProblems = serverNameProblems(server.name, 'server.name');
  if (nameProblems.length > 0) return fail(nameProblems[0]!.message);
  const name = server.name as string;
  if (typeof server.version !== 'string' || server.version.length === 0 || server.version.length > 255) {
    return fail('server.version must be a non-empty string');
  }
  const meta = isObject(raw._meta) ? raw._meta[OFFICIAL_META_KEY] : undefined;
  if (!isObject(meta)) return fail(`entry has no _meta["${OFFICIAL_META_KEY}"]`);
  if (!SERVER_STATUSES.includes(meta.status as ServerStatus)) {
    return fail(`status ${JSON.stringify(meta.status)} is not one of ${SERVER_STATUSES.join(', ')}`);
  }
  for (const field of ['publishedAt', 'updatedAt'] as const) {
    if (!isTimestamp(meta[field])) return fail(`${field} ${JSON.stringify(meta[field])} is not an RFC 3339 timestamp`);
  }
  const updatedAt = meta.updatedAt as string;
  const statusChangedAt = isTimestamp(meta.statusChangedAt) ? meta.statusChangedAt : updatedAt;
  if (meta.statusMessage !== undefined && meta.statusMessage !== null && typeof meta.statusMessage !== 'string') {
    return fail('statusMessage must be a string');
  }
  const statusMessage = meta.status === 'active' ? null : ((meta.statusMessage as string | undefined) ?? null);
  // Checked here, not left to the database: one such entry would fail its whole page's transaction, on every run.
  const unstorable = unstorableIn(server, 'server') ?? unstorableIn(statusMessage, 'statusMessage');
  if (unstorable) return fail(unstorable);
  return {
    ok: true,
    version: {
      name,
      namespace: namespaceOf(name),
      version: server.version,
      serverJsonText: JSON.stringify(server),
      status: meta.status as ServerStatus,
      statusMessage,
      statusChangedAt,
      publishedAt: meta.publishedAt as string,
      updatedAt,
      isLatest: meta.isLatest === true,
    },
  };
}

/** Why the first part of a JSON value the database cannot store can't be stored; undefined when there is none. */
function unstorableIn(value: unknown, path: string): string | undefined {
  const found = findUnstorable(value, path, {
    maxDepth: MAX_DEPTH,
    keyPath: (parent, key) =>
      /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`,
  });
  const cannot = 'holds a NUL character or a lone surrogate, which the database cannot store';
  if (!found) return undefined;
  if (found.kind === 'depth') return `${found.path} is nested more than ${MAX_DEPTH} levels deep`;
  return found.kind === 'key' ? `a key in ${found.path} ${cannot}` : `${found.path} ${cannot}`;
}

function isTimestamp(v: unknown): v is string {
  if (typeof v !== 'string' || !RFC3339.test(v)) return false;
  const [y, mo, d] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
  // Date.parse rolls 2025-02-30 over to March; a calendar date must exist as written.
  const probe = new Date(Date.UTC(y, mo - 1, d));
  // Postgres has no year 0 and refuses offsets beyond ±15:59, where JavaScript allows both.
  const offsetHours = /[+-](\d{2}):\d{2}$/.exec(v)?.[1];
  if (y === 0 || Number(offsetHours ?? 0) > 15) return false;
  return probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d && !Number.isNaN(upstreamMs(v));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function labelOf(raw: unknown): string {
  const server = isObject(raw) && isObject(raw.server) ? raw.server : undefined;
  const name = typeof server?.name === 'string' ? server.name.slice(0, 200) : '(no name)';
  const version = typeof server?.version === 'string' ? server.version.slice(0, 50) : '(no version)';
  return `${name}@${version}`;
}

/** An upstream timestamp in epoch milliseconds (JavaScript dates stop at milliseconds; the digits beyond are dropped). */
export function upstreamMs(t: string): number {
  return Date.parse(t.replace(/(\.\d{3})\d+/, '$1'));
}

/** Compares upstream timestamps as instants without losing their sub-millisecond digits. */
export function compareTimestamps(a: string, b: string): number {
  const ms = upstreamMs;
  const frac = (t: string) => (/\.(\d+)/.exec(t)?.[1] ?? '').padEnd(9, '0').slice(3, 9);
  const d = ms(a) - ms(b);
  if (d !== 0) return Math.sign(d);
  return frac(a) < frac(b) ? -1 : frac(a) > frac(b) ? 1 : 0;
}
