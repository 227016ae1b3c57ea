// @ts-check
'use strict';

/**
 * A local stand-in for the official MCP Registry's read API (registry.modelcontextprotocol.io),
 * used by the tests and benchmarks of our upstream mirror.
 *
 * It serves, from an in-memory list of `{ server, _meta }` entries:
 *   GET /v0.1/servers                                   list: cursor, limit, updated_since, search, version, include_deleted
 *   GET /v0.1/servers/{serverName}/versions             every version of one server, newest publishedAt first
 *   GET /v0.1/servers/{serverName}/versions/{version}   one version, or `latest`
 *
 * List semantics follow the real registry (Go + Postgres):
 *   - rows ordered by (server.name, server.version), plain byte order, stable;
 *   - `cursor` is "<name>:<version>" of the previous page's last row and the next page starts
 *     strictly after it (a cursor without ":" means "names after this one", as upstream does);
 *   - `updated_since` keeps rows whose official `updatedAt` is strictly after it, compared at
 *     full nanosecond precision (upstream timestamps carry up to 9 fraction digits);
 *   - `search` is a case-insensitive substring of the name; `version=latest` keeps isLatest rows,
 *     any other `version` value is an exact match.
 * Deliberate differences, each switchable (see StartOptions):
 *   - deleted rows are listed by default (upstream hides them unless `include_deleted=true` or
 *     `updated_since` is given) — `hideDeleted: true` restores upstream behaviour;
 *   - `metadata.nextCursor` only appears when more rows remain (upstream sends one whenever the
 *     page is full, so an exactly-full last page is followed by an empty one) —
 *     `cursorOnFullPage: true` restores upstream behaviour.
 * Other registries' ways, for the mirror's tests: `cursor: 'offset'` pages with numeric cursors
 * (the offset of the next row, sent as a JSON number), `gzip: true` compresses responses.
 *
 * Errors are RFC 7807 problem documents (`application/problem+json`, {title, status, detail,
 * errors?}) like upstream's; successes are `application/json`.
 *
 * Test hooks: failure injection for the list endpoint, malformed rows, status changes, new
 * versions, a "down" switch that resets every connection, and a hostile upstream's tricks:
 * rewritten cursors (cycles) and padded pages (oversized, or gzip bombs). Plain CommonJS with no
 * dependencies, so the same file serves Jest (via fake-upstream.d.cts) and plain Node benchmarks.
 */

const { prng } = require('./prng.cjs');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { Readable, pipeline } = require('node:stream');
const zlib = require('node:zlib');
const { createHash } = require('node:crypto');

/** Key of the registry-managed metadata block inside `_meta`. */
const OFFICIAL = 'io.modelcontextprotocol.registry/official';

/** The repository root: the folder that holds this `test/` directory. */
const REPO_ROOT = path.resolve(__dirname, '..');

/** The production snapshot shipped with the shared fixtures (789 entries, 461 servers). */
const DEFAULT_FIXTURE = path.resolve(REPO_ROOT, '../shared/fixtures/official-registry/production-2025-09-30.v0.1.json');

const API_PREFIX = '/v0.1/servers';

// ---------------------------------------------------------------------------------------------
// Types (mirrored by fake-upstream.d.cts, which is what TypeScript callers see)
// ---------------------------------------------------------------------------------------------

/** @typedef {'active' | 'deprecated' | 'deleted'} ServerStatus */

/** @typedef {Record<string, unknown> & { name: string; version: string }} ServerJson */

/**
 * @typedef {object} OfficialMeta
 * @property {string} status
 * @property {string} [statusMessage]
 * @property {string} statusChangedAt
 * @property {string} publishedAt
 * @property {string} updatedAt
 * @property {boolean} isLatest
 */

/** @typedef {{ server: ServerJson; _meta: Record<string, unknown> }} UpstreamEntry */

/** @typedef {{ path: string; query: Record<string, string>; status: number }} RequestLogEntry */

/**
 * @typedef {object} StartOptions
 * @property {UpstreamEntry[]} entries   Served as the live data: the array is used as-is, not copied.
 * @property {number} [port]             Default 0 (any free port). Always bound to 127.0.0.1.
 * @property {number} [defaultLimit]     Page size when `limit` is absent. Default 30.
 * @property {number} [maxLimit]         Largest accepted `limit`; above it → 400. Default 100.
 * @property {boolean} [hideDeleted]     Upstream's rule: deleted rows only with `include_deleted=true`
 *                                       (or, for the list, `updated_since`). Default false: always shown.
 * @property {boolean} [cursorOnFullPage] Upstream's rule: a `nextCursor` on every full page, even the
 *                                       last. Default false: only when more rows remain.
 * @property {'key' | 'offset'} [cursor] `key` (default): upstream's "<name>:<version>" cursors;
 *                                       `offset`: the next row's offset, as a JSON number.
 * @property {boolean} [gzip]            Gzip every response when the request's Accept-Encoding allows it.
 */

/**
 * @typedef {object} FakeUpstream
 * @property {string} url
 * @property {UpstreamEntry[]} entries
 * @property {RequestLogEntry[]} requests
 * @property {(n: number, opts?: { status?: number; afterRequests?: number }) => void} failListRequests
 * @property {(index: number, raw: unknown) => void} injectMalformed
 * @property {(rewrite: ((cursor: string | undefined, next: string | number | undefined) => unknown) | null) => void} rewriteNextCursor
 * @property {(bytes: number) => void} padListPages
 * @property {(name: string, version: string, status: ServerStatus, opts?: { message?: string; at?: string }) => void} setStatus
 * @property {(server: ServerJson, opts?: { at?: string; isLatest?: boolean }) => UpstreamEntry} publish
 * @property {() => void} down
 * @property {() => void} up
 * @property {() => Promise<void>} close
 */

// ---------------------------------------------------------------------------------------------
// Small pure helpers
// ---------------------------------------------------------------------------------------------

/**
 * Compares strings by Unicode code point, which is the order of their UTF-8 bytes (Postgres "C"
 * collation / Go string comparison). JS `<` compares UTF-16 code units, which disagrees only when
 * a surrogate pair meets a BMP character at or above U+E000; the remap below fixes that case.
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
function compareBytes(a, b) {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x <= 0xdfff ? x + 0x2000 : x - 0x800;
      y = y <= 0xdfff ? y + 0x2000 : y - 0x800;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Strings of code units below U+D800, for which JS `<` already gives UTF-8 byte order. */
const BELOW_SURROGATES = /^[\u0000-\ud7ff]*$/;

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). Used instead
 * of Date.UTC, which maps years 0–99 to 1900–1999.
 * @param {number} y
 * @param {number} m 1–12
 * @param {number} d
 */
function daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** @param {number} y @param {number} m */
function daysInMonth(y, m) {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** An instant at nanosecond precision: whole seconds since the epoch, plus 0–999 999 999 ns. */
/** @typedef {{ s: number; ns: number }} Instant */

// Go's time.Parse(time.RFC3339, …) accepts: upper-case T and Z, any number of fraction digits,
// numeric offsets ±hh:mm; it rejects leap seconds and out-of-range fields. So do we.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** Parsed timestamps, memoised: the same few thousand strings are compared on every request. */
/** @type {Map<string, Instant | null>} */
const instantCache = new Map();

/**
 * Parses an RFC 3339 timestamp without losing sub-millisecond digits (JS Date would).
 * @param {unknown} text
 * @returns {Instant | null} null when not a valid RFC 3339 date-time
 */
function parseInstant(text) {
  if (typeof text !== 'string') return null;
  const cached = instantCache.get(text);
  if (cached !== undefined) return cached;
  const result = parseInstantUncached(text);
  if (instantCache.size > 200_000) instantCache.clear();
  instantCache.set(text, result);
  return result;
}

/** @param {string} text @returns {Instant | null} */
function parseInstantUncached(text) {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offset = 0;
  const zone = /** @type {string} */ (m[8]);
  if (zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  // Digits past the ninth are below a nanosecond: truncated, as Go does.
  const ns = m[7] ? Number(m[7].slice(0, 9).padEnd(9, '0')) : 0;
  const s = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  return { s, ns };
}

/** @param {Instant} a @param {Instant} b */
function compareInstants(a, b) {
  return a.s - b.s || a.ns - b.ns;
}

/** Last "now" handed out, so consecutive default timestamps are strictly increasing. */
let lastNowMs = 0;

/** The current time as ISO 8601 with milliseconds, strictly later than any earlier call. */
function nowIso() {
  lastNowMs = Math.max(Date.now(), lastNowMs + 1);
  return new Date(lastNowMs).toISOString();
}

/**
 * @param {string | undefined} at
 * @param {string} what  for the error message
 */
function timestampOrNow(at, what) {
  if (at === undefined) return nowIso();
  if (!parseInstant(at)) throw new TypeError(`${what}: "at" must be an RFC 3339 timestamp, got ${JSON.stringify(at)}`);
  return at;
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The official metadata block of an entry, or undefined when the entry lacks a usable one.
 * @param {unknown} entry
 * @returns {Partial<OfficialMeta> | undefined}
 */
function officialOf(entry) {
  if (!isObject(entry) || !isObject(entry._meta)) return undefined;
  const meta = entry._meta[OFFICIAL];
  return isObject(meta) ? /** @type {Partial<OfficialMeta>} */ (meta) : undefined;
}

/**
 * Name and version of an entry for ordering and cursors. Entries that tests broke on purpose
 * sort as empty strings rather than crashing the server.
 * @param {unknown} entry
 * @returns {[string, string]}
 */
function keyOf(entry) {
  const server = isObject(entry) ? entry.server : undefined;
  if (!isObject(server)) return ['', ''];
  return [typeof server.name === 'string' ? server.name : '', typeof server.version === 'string' ? server.version : ''];
}

/**
 * Rewrites an official block with keys in upstream's serialisation order.
 * @param {Record<string, unknown>} meta  entry._meta, modified in place
 * @param {Partial<OfficialMeta>} fields
 */
function writeOfficial(meta, fields) {
  /** @type {Record<string, unknown>} */
  const ordered = {};
  for (const key of ['status', 'statusMessage', 'statusChangedAt', 'publishedAt', 'updatedAt', 'isLatest']) {
    const value = /** @type {Record<string, unknown>} */ (fields)[key];
    if (value !== undefined) ordered[key] = value;
  }
  meta[OFFICIAL] = ordered;
}

// ---------------------------------------------------------------------------------------------
// HTTP plumbing
// ---------------------------------------------------------------------------------------------

/**
 * A list body with `bytes` of JSON whitespace after its servers array, in 64 KiB pieces.
 * @param {string} body
 * @param {number} bytes
 */
function* padded(body, bytes) {
  const at = bytes > 0 ? body.lastIndexOf('],"metadata":') + 1 : body.length;
  yield body.slice(0, at);
  const block = ' '.repeat(64 * 1024);
  for (let left = bytes; left > 0; left -= block.length) yield left >= block.length ? block : block.slice(0, left);
  yield body.slice(at);
}

/** Thrown inside a handler to answer with a problem document. */
class Problem extends Error {
  /**
   * @param {number} status
   * @param {string} detail
   * @param {{ message: string; location: string; value?: unknown }[]} [errors]  huma-style field errors
   */
  constructor(status, detail, errors) {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.errors = errors;
  }

  toJSON() {
    return {
      title: http.STATUS_CODES[this.status] ?? 'Error',
      status: this.status,
      detail: this.detail,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

/**
 * A 400 for one bad query parameter.
 * @param {string} param
 * @param {string} value
 * @param {string} detail
 */
function badParam(param, value, detail) {
  return new Problem(400, detail, [{ message: detail, location: `query.${param}`, value }]);
}

/**
 * Query parameters as a flat record. For repeated keys the first value wins, as Go's
 * `url.Values.Get` does. Empty values count as absent, as in huma.
 * @param {URLSearchParams} params
 * @returns {Record<string, string>}
 */
function flattenQuery(params) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const [key, value] of params) if (!(key in out)) out[key] = value;
  return out;
}

/**
 * Go's strconv.ParseBool.
 * @param {string} param
 * @param {string} value
 */
function parseBool(param, value) {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw badParam(param, value, `invalid boolean for ${param}: ${JSON.stringify(value)}`);
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/**
 * Starts a fake registry on 127.0.0.1.
 * @param {StartOptions} opts
 * @returns {Promise<FakeUpstream>}
 */
async function startFakeUpstream(opts) {
  if (!opts || !Array.isArray(opts.entries)) throw new TypeError('startFakeUpstream: opts.entries must be an array');
  const defaultLimit = opts.defaultLimit ?? 30;
  const maxLimit = opts.maxLimit ?? 100;
  if (!Number.isInteger(maxLimit) || maxLimit < 1)
    throw new RangeError('startFakeUpstream: maxLimit must be a positive integer');
  if (!Number.isInteger(defaultLimit) || defaultLimit < 1 || defaultLimit > maxLimit) {
    throw new RangeError('startFakeUpstream: defaultLimit must be an integer in 1..maxLimit');
  }
  const hideDeleted = opts.hideDeleted ?? false;
  const cursorOnFullPage = opts.cursorOnFullPage ?? false;
  const offsetCursors = opts.cursor === 'offset';
  if (opts.cursor !== undefined && opts.cursor !== 'key' && opts.cursor !== 'offset')
    throw new TypeError("startFakeUpstream: cursor must be 'key' or 'offset'");
  /** @type {((cursor: string | undefined, next: string | number | undefined) => unknown) | null} */
  let cursorRewrite = null;
  /** Bytes of whitespace every list response carries before its metadata. */
  let listPadding = 0;

  /** Scheduled list failures: skip `skip` list requests, then fail the next `remaining`. */
  /** @type {{ skip: number; remaining: number; status: number } | null} */
  let failure = null;
  let isDown = false;
  /** Replacement JSON for rows in list output, keyed by the entry object (survives reordering). */
  /** @type {Map<unknown, string>} */
  const malformed = new Map();

  /**
   * Sorted view of the entries, reused across requests while the data is unchanged. Checking that
   * is O(n) but allocation-free (~0.2 ms for 20k rows); re-sorting on every page would dominate a
   * benchmark.
   * @type {{ source: UpstreamEntry[]; snapshot: UpstreamEntry[]; rows: UpstreamEntry[]; names: string[]; versions: string[] } | null}
   */
  let order = null;

  /** @returns {{ rows: UpstreamEntry[]; names: string[]; versions: string[] }} */
  function sortedRows() {
    const source = fake.entries;
    if (order && order.source === source && orderStillValid(order, source)) return order;
    const keyed = source.map((entry, index) => {
      const key = keyOf(entry);
      return { entry, index, key, native: BELOW_SURROGATES.test(key[0]) && BELOW_SURROGATES.test(key[1]) };
    });
    keyed.sort((a, b) => {
      if (a.native && b.native) {
        const [an, av] = a.key;
        const [bn, bv] = b.key;
        return an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : a.index - b.index;
      }
      return compareBytes(a.key[0], b.key[0]) || compareBytes(a.key[1], b.key[1]) || a.index - b.index;
    });
    order = {
      source,
      snapshot: source.slice(),
      rows: keyed.map((k) => k.entry),
      names: keyed.map((k) => k.key[0]),
      versions: keyed.map((k) => k.key[1]),
    };
    return order;
  }

  /**
   * The same objects in the same array slots as when sorted, and none renamed in place.
   * @param {NonNullable<typeof order>} o
   * @param {UpstreamEntry[]} source
   */
  function orderStillValid(o, source) {
    const { snapshot, rows, names, versions } = o;
    if (snapshot.length !== source.length) return false;
    for (let i = 0; i < source.length; i++) if (source[i] !== snapshot[i]) return false;
    for (let i = 0; i < rows.length; i++) {
      const server = /** @type {unknown} */ (rows[i]?.server);
      if (isObject(server)) {
        const { name, version } = server;
        if (name !== names[i] && !(names[i] === '' && typeof name !== 'string')) return false;
        if (version !== versions[i] && !(versions[i] === '' && typeof version !== 'string')) return false;
      } else if (names[i] !== '' || versions[i] !== '') {
        return false;
      }
    }
    return true;
  }

  /** @param {string} name */
  function versionsOf(name) {
    return fake.entries.filter((entry) => keyOf(entry)[0] === name);
  }

  /** @param {string} name @param {string} version */
  function findEntry(name, version) {
    return fake.entries.find((entry) => {
      const [n, v] = keyOf(entry);
      return n === name && v === version;
    });
  }

  // --- GET /v0.1/servers -----------------------------------------------------------------------

  /** @param {Record<string, string>} query @returns {string} response body */
  function listServers(query) {
    let limit = defaultLimit;
    if (query.limit) {
      const raw = query.limit;
      if (!/^[+-]?\d+$/.test(raw)) throw badParam('limit', raw, `limit must be an integer, got ${JSON.stringify(raw)}`);
      limit = Number(raw);
      if (limit < 1) throw badParam('limit', raw, 'limit must be at least 1');
      if (limit > maxLimit) throw badParam('limit', raw, `limit must be at most ${maxLimit}`);
    }

    /** @type {Instant | null} */
    let updatedSince = null;
    if (query.updated_since) {
      updatedSince = parseInstant(query.updated_since);
      if (!updatedSince) {
        throw badParam(
          'updated_since',
          query.updated_since,
          'Invalid updated_since format: expected RFC3339 timestamp (e.g., 2025-08-07T13:15:04.280Z)',
        );
      }
    }

    // Upstream: include_deleted defaults to false, but is forced on by updated_since.
    let includeDeleted = !hideDeleted;
    if (query.include_deleted) includeDeleted = parseBool('include_deleted', query.include_deleted);
    if (updatedSince) includeDeleted = true;

    const search = query.search ? query.search.toLowerCase() : null;
    const version = query.version || null;

    const { rows, names, versions } = sortedRows();

    // Seek: first row strictly after the cursor. "name:version" splits at the first colon (names
    // cannot contain one); a cursor without a colon means "names after this one".
    let start = 0;
    if (query.cursor && offsetCursors) {
      if (!/^\d+$/.test(query.cursor)) throw badParam('cursor', query.cursor, 'cursor must be a row offset');
      start = Number(query.cursor);
    } else if (query.cursor) {
      const colon = query.cursor.indexOf(':');
      const cName = colon === -1 ? query.cursor : query.cursor.slice(0, colon);
      const cVersion = colon === -1 ? null : query.cursor.slice(colon + 1);
      let lo = 0;
      let hi = rows.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const byName = compareBytes(/** @type {string} */ (names[mid]), cName);
        const after =
          byName > 0 ||
          (byName === 0 && cVersion !== null && compareBytes(/** @type {string} */ (versions[mid]), cVersion) > 0);
        if (after) hi = mid;
        else lo = mid + 1;
      }
      start = lo;
    }

    // Scan forward, filtering, until the page is full plus one row to know if more remain.
    /** @type {number[]} */
    const page = [];
    let more = false;
    for (let i = start; i < rows.length; i++) {
      const entry = rows[i];
      const official = officialOf(entry);
      if (!includeDeleted && official?.status === 'deleted') continue;
      if (updatedSince) {
        const updatedAt = parseInstant(official?.updatedAt);
        if (!updatedAt || compareInstants(updatedAt, updatedSince) <= 0) continue;
      }
      if (search !== null && !(/** @type {string} */ (names[i]).toLowerCase().includes(search))) continue;
      if (version === 'latest' ? official?.isLatest !== true : version !== null && versions[i] !== version) continue;
      if (page.length === limit) {
        more = true;
        break;
      }
      page.push(i);
    }

    const items = page.map((i) => {
      const entry = rows[i];
      return malformed.has(entry) ? /** @type {string} */ (malformed.get(entry)) : JSON.stringify(entry);
    });
    const last = page[page.length - 1];
    const hasNext = last !== undefined && (more || (cursorOnFullPage && page.length === limit));
    /** @type {unknown} */
    let nextCursor = hasNext ? (offsetCursors ? last + 1 : `${names[last]}:${versions[last]}`) : undefined;
    if (cursorRewrite)
      nextCursor = cursorRewrite(query.cursor || undefined, /** @type {string | number | undefined} */ (nextCursor));
    // Upstream's field order: nextCursor (omitted when empty), then count.
    const metadata = nextCursor === undefined ? { count: page.length } : { nextCursor, count: page.length };
    // Rows are stringified one by one so injected raw JSON can be spliced in verbatim.
    return `{"servers":[${items.join(',')}],"metadata":${JSON.stringify(metadata)}}`;
  }

  // --- GET /v0.1/servers/{name}/versions[/{version}] --------------------------------------------

  /** @param {Record<string, string>} query */
  function includeDeletedFor(query) {
    return query.include_deleted ? parseBool('include_deleted', query.include_deleted) : !hideDeleted;
  }

  /**
   * Versions of one server, newest publishedAt first (upstream's ORDER BY published_at DESC).
   * @param {string} name
   * @param {boolean} includeDeleted
   */
  function visibleVersions(name, includeDeleted) {
    const found = versionsOf(name).filter((entry) => includeDeleted || officialOf(entry)?.status !== 'deleted');
    /** @param {UpstreamEntry} entry */
    const published = (entry) => parseInstant(officialOf(entry)?.publishedAt);
    return found
      .map((entry, index) => ({ entry, index, at: published(entry) }))
      .sort((a, b) => {
        if (a.at && b.at) return compareInstants(b.at, a.at) || a.index - b.index;
        return a.at ? -1 : b.at ? 1 : a.index - b.index; // unparseable dates last
      })
      .map((x) => x.entry);
  }

  /** @param {string} name @param {Record<string, string>} query */
  function serverVersions(name, query) {
    const found = visibleVersions(name, includeDeletedFor(query));
    if (found.length === 0) throw new Problem(404, 'Server not found');
    return JSON.stringify({ servers: found, metadata: { count: found.length } });
  }

  /** @param {string} name @param {string} version @param {Record<string, string>} query */
  function serverVersion(name, version, query) {
    const found = visibleVersions(name, includeDeletedFor(query));
    const entry =
      version === 'latest'
        ? found.find((e) => officialOf(e)?.isLatest === true)
        : found.find((e) => keyOf(e)[1] === version);
    if (!entry) throw new Problem(404, 'Server not found');
    return JSON.stringify(entry);
  }

  // --- dispatch --------------------------------------------------------------------------------

  /**
   * @param {http.IncomingMessage} req
   * @param {RequestLogEntry} log
   * @returns {string} a JSON body for a 200
   */
  function route(req, log) {
    if (req.method !== 'GET') throw new Problem(405, `Method ${req.method} not allowed`);
    const { path: pathname, query } = log;

    if (pathname === API_PREFIX) {
      if (failure) {
        if (failure.skip > 0) {
          failure.skip--;
        } else {
          const { status } = failure;
          if (--failure.remaining <= 0) failure = null;
          throw new Problem(status, status === 500 ? 'Failed to get registry list' : `Injected failure (${status})`);
        }
      }
      return listServers(query);
    }

    if (pathname.startsWith(`${API_PREFIX}/`)) {
      // Segments are split before decoding, so an unencoded "/" in a name does not match.
      const segments = pathname.slice(API_PREFIX.length + 1).split('/');
      if (
        segments[1] === 'versions' &&
        segments[0] &&
        (segments.length === 2 || (segments.length === 3 && segments[2]))
      ) {
        let name;
        let version;
        try {
          name = decodeURIComponent(segments[0]);
          version = segments.length === 3 ? decodeURIComponent(/** @type {string} */ (segments[2])) : undefined;
        } catch {
          throw new Problem(400, 'Malformed percent-encoding in path');
        }
        return version === undefined ? serverVersions(name, query) : serverVersion(name, version, query);
      }
    }
    throw new Problem(404, `No route for ${pathname}`);
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  function onRequest(req, res) {
    /** @type {RequestLogEntry} */
    const log = { path: '', query: {}, status: 0 };
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      log.path = url.pathname;
      log.query = flattenQuery(url.searchParams);
    } catch {
      log.path = req.url ?? '';
    }
    fake.requests.push(log);

    if (isDown) {
      // A connection reset as the client sees it; logged with status 0.
      req.socket.destroy();
      return;
    }

    let status = 200;
    let body;
    let contentType = 'application/json';
    try {
      body = route(req, log);
    } catch (err) {
      const problem =
        err instanceof Problem
          ? err
          : new Problem(500, `Fake upstream bug: ${err instanceof Error ? err.message : String(err)}`);
      status = problem.status;
      body = JSON.stringify(problem);
      contentType = 'application/problem+json';
      if (status === 405) res.setHeader('Allow', 'GET');
    }
    log.status = status;
    const padding = status === 200 && log.path === API_PREFIX ? listPadding : 0;
    const gzip = opts.gzip === true && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (padding === 0 && !gzip) {
      res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    res.writeHead(
      status,
      gzip
        ? { 'Content-Type': contentType, 'Content-Encoding': 'gzip' }
        : { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) + padding },
    );
    // Streamed as the client reads, so a padded page costs the fake no memory; a client that
    // gives up closes the socket and the stream stops.
    const source = Readable.from(padded(body, padding));
    pipeline(gzip ? [source, zlib.createGzip(), res] : [source, res], () => undefined);
  }

  const server = http.createServer(onRequest);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());

  /** @type {Promise<void> | null} */
  let closing = null;

  /** @type {FakeUpstream} */
  const fake = {
    url: `http://127.0.0.1:${address.port}`,
    entries: opts.entries,
    requests: [],

    failListRequests(n, failOpts = {}) {
      const status = failOpts.status ?? 500;
      const afterRequests = failOpts.afterRequests ?? 0;
      if (!Number.isInteger(n) || n < 0) throw new RangeError('failListRequests: n must be a non-negative integer');
      if (!Number.isInteger(status) || status < 400 || status > 599)
        throw new RangeError('failListRequests: status must be 400..599');
      if (!Number.isInteger(afterRequests) || afterRequests < 0)
        throw new RangeError('failListRequests: afterRequests must be a non-negative integer');
      // Replaces any earlier schedule; n = 0 cancels.
      failure = n === 0 ? null : { skip: afterRequests, remaining: n, status };
    },

    injectMalformed(index, raw) {
      const entry = fake.entries[index];
      if (!Number.isInteger(index) || entry === undefined)
        throw new RangeError(`injectMalformed: no entry at index ${index}`);
      malformed.set(entry, JSON.stringify(raw) ?? 'null');
    },

    rewriteNextCursor(rewrite) {
      if (rewrite !== null && typeof rewrite !== 'function')
        throw new TypeError('rewriteNextCursor: pass a function, or null to stop');
      cursorRewrite = rewrite;
    },

    padListPages(bytes) {
      if (!Number.isInteger(bytes) || bytes < 0)
        throw new RangeError('padListPages: bytes must be a non-negative integer');
      listPadding = bytes;
    },

    setStatus(name, version, status, statusOpts = {}) {
      if (!['active', 'deprecated', 'deleted'].includes(status))
        throw new TypeError(`setStatus: unknown status ${JSON.stringify(status)}`);
      const entry = findEntry(name, version);
      if (!entry) throw new Error(`setStatus: no entry ${name}@${version}`);
      const at = timestampOrNow(statusOpts.at, 'setStatus');
      if (!isObject(entry._meta)) entry._meta = {};
      const current = officialOf(entry) ?? {};
      writeOfficial(entry._meta, {
        ...current,
        status,
        statusMessage: statusOpts.message, // replaced, or cleared when absent
        statusChangedAt: at,
        updatedAt: at,
      });
    },

    publish(serverJson, publishOpts = {}) {
      const [name, version] = keyOf({ server: serverJson });
      if (!name || !version) throw new TypeError('publish: server.name and server.version must be non-empty strings');
      if (findEntry(name, version)) throw new Error(`publish: ${name}@${version} already exists`);
      const at = timestampOrNow(publishOpts.at, 'publish');
      const isLatest = publishOpts.isLatest ?? true;
      if (isLatest) {
        // Demoting the previous latest is an update of that row too, so its updatedAt moves.
        for (const other of versionsOf(name)) {
          const official = officialOf(other);
          if (official?.isLatest === true) writeOfficial(other._meta, { ...official, isLatest: false, updatedAt: at });
        }
      }
      /** @type {UpstreamEntry} */
      const entry = { server: structuredClone(serverJson), _meta: {} };
      writeOfficial(entry._meta, { status: 'active', statusChangedAt: at, publishedAt: at, updatedAt: at, isLatest });
      fake.entries.push(entry);
      return entry;
    },

    down() {
      isDown = true;
    },

    up() {
      isDown = false;
    },

    close() {
      closing ??= new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections(); // keep-alive sockets would otherwise hold close() open
      });
      return closing;
    },
  };
  return fake;
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/** Parsed fixture files by absolute path; callers always get deep clones. */
/** @type {Map<string, UpstreamEntry[]>} */
const fixtureCache = new Map();

/**
 * Reads a fixture in list-response form (`{ servers: [...] }`) or as a bare array of entries.
 * @param {string} [file]  relative paths resolve against the repository root; defaults to the
 *                         production snapshot of 2025-09-30 (789 entries)
 * @returns {UpstreamEntry[]} deep-cloned entries, free to mutate
 */
function loadFixture(file) {
  const resolved = file === undefined ? DEFAULT_FIXTURE : path.resolve(REPO_ROOT, file);
  let entries = fixtureCache.get(resolved);
  if (!entries) {
    /** @type {unknown} */
    const parsed = JSON.parse(fs.readFileSync(resolved, 'utf8'));
    const list = Array.isArray(parsed) ? parsed : isObject(parsed) ? parsed.servers : undefined;
    if (!Array.isArray(list))
      throw new Error(`loadFixture: ${resolved} is neither a server list ({servers: [...]}) nor an array`);
    list.forEach((item, i) => {
      if (!isObject(item) || !isObject(item.server) || !isObject(item._meta)) {
        throw new Error(`loadFixture: ${resolved}: item ${i} is not a {server, _meta} entry`);
      }
    });
    entries = /** @type {UpstreamEntry[]} */ (list);
    fixtureCache.set(resolved, entries);
  }
  return structuredClone(entries);
}

// ---------------------------------------------------------------------------------------------
// Synthetic data
// ---------------------------------------------------------------------------------------------

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ra',
  'ten',
  'vo',
  'zu',
  'bel',
  'dor',
  'fin',
  'gal',
  'hex',
  'jun',
  'kor',
  'lum',
  'nex',
  'or',
  'pix',
  'qua',
  'sol',
  'tri',
  'um',
  'vex',
  'wyn',
  'xen',
  'yar',
  'zen',
  'al',
  'ber',
  'cy',
];
const TLDS = ['com', 'com', 'com', 'ai', 'io', 'dev', 'app', 'co', 'net', 'org'];
const TOPICS = [
  'weather',
  'github',
  'gitlab',
  'jira',
  'slack',
  'notion',
  'postgres',
  'mysql',
  'redis',
  'kubernetes',
  'docker',
  'aws',
  'gcp',
  'azure',
  'stripe',
  'shopify',
  'gmail',
  'calendar',
  'drive',
  'dropbox',
  'figma',
  'linear',
  'sentry',
  'datadog',
  'grafana',
  'prometheus',
  'elasticsearch',
  'mongodb',
  'supabase',
  'firebase',
  'airtable',
  'hubspot',
  'salesforce',
  'zendesk',
  'twilio',
  'discord',
  'telegram',
  'youtube',
  'spotify',
  'maps',
  'search',
  'browser',
  'filesystem',
  'git',
  'terraform',
  'pdf',
  'excel',
  'markdown',
  'rss',
  'news',
  'crypto',
  'stocks',
  'finance',
  'invoices',
  'crm',
  'docs',
  'wiki',
  'translate',
  'ocr',
  'vision',
  'speech',
  'memory',
  'vector',
  'rag',
  'sql',
  'graphql',
  'openapi',
  'http',
  'scraper',
  'email',
  'sms',
  'todo',
  'tasks',
  'time',
  'geo',
  'flights',
  'recipes',
  'fitness',
  'music',
  'video',
  'images',
  'diagrams',
  'charts',
  'analytics',
  'seo',
  'security',
  'secrets',
  'logs',
  'metrics',
  'tracing',
  'ci',
  'deploy',
  'helm',
  'npm',
  'pypi',
  'cargo',
  'maven',
  'bigquery',
  'snowflake',
];
const NAME_PREFIXES = ['', '', '', '', 'mcp-', 'open-', 'fast-', 'smart-', 'easy-', 'super-', 'tiny-', 'my-'];
const NAME_SUFFIXES = [
  'mcp',
  'mcp',
  'mcp-server',
  'mcp-server',
  'server',
  'tools',
  'bridge',
  'connector',
  'agent',
  'hub',
  'kit',
  'gateway',
];
const VERBS = [
  'Search',
  'Query',
  'Manage',
  'Browse',
  'Automate',
  'Monitor',
  'Analyze',
  'Fetch',
  'Create',
  'Sync',
  'Explore',
  'Track',
  'Summarize',
  'Inspect',
  'Organize',
];
const OBJECTS = [
  'data',
  'records',
  'resources',
  'projects',
  'items',
  'documents',
  'events',
  'reports',
  'workflows',
  'files',
  'issues',
  'accounts',
];
const TAILS = [
  'from any MCP client.',
  'with natural language.',
  'via the official API.',
  'directly from your AI assistant.',
  'with fine-grained access control.',
  'in real time.',
  'across workspaces and teams.',
  'without leaving your editor.',
  'using a local cache.',
  'with read-only defaults.',
];

/** Server names and versions upstream accepts (server.json schema 2025-09-16 onwards). */
const NAME_PATTERN = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** Generated entries start at the registry's launch week and move forward 1 s – 10 min apart. */
const GENERATED_EPOCH_MS = Date.UTC(2025, 8, 8, 9, 0, 0);

/** Values the 2025-09-16+ schemas allow for `format` (inputs) and `transport.type`. */
const INPUT_FORMATS = new Set(['string', 'number', 'boolean', 'filepath']);
const TRANSPORTS = new Set(['stdio', 'streamable-http', 'sse']);

/**
 * Whether the packages/remotes of a server.json look valid under the camelCase schemas
 * (2025-09-16 onwards). The snapshot holds entries accepted under older, looser rules: URL
 * templates ("http://127.0.0.1:{port}/sse"), placeholder URLs, unknown input formats.
 * @param {unknown} node
 * @param {string} [key]  the property name `node` was found under
 * @returns {boolean}
 */
function looksSchemaValid(node, key) {
  if (Array.isArray(node)) return node.every((item) => looksSchemaValid(item));
  if (isObject(node)) {
    if (isObject(node.transport) && !TRANSPORTS.has(String(node.transport.type))) return false;
    return Object.entries(node).every(([k, v]) => looksSchemaValid(v, k));
  }
  if (key === 'url') return typeof node === 'string' && /^https?:\/\/[^\s{}[\]<>]+$/.test(node) && URL.canParse(node);
  if (key === 'format') return INPUT_FORMATS.has(String(node));
  return true;
}

/**
 * Fixture entries fit to serve as templates: the latest version of a server on a current
 * (camelCase) $schema, with a valid name, semver version, a short description, and valid-looking
 * packages or remotes.
 * @param {UpstreamEntry[]} base
 */
function pickTemplates(base) {
  const good = base.filter((entry) => {
    const s = entry.server;
    const schemaDate =
      typeof s.$schema === 'string'
        ? /^https:\/\/static\.modelcontextprotocol\.io\/schemas\/(\d{4}-\d{2}-\d{2})\//.exec(s.$schema)?.[1]
        : undefined;
    const hasPackages = Array.isArray(s.packages) && s.packages.length > 0;
    const hasRemotes = Array.isArray(s.remotes) && s.remotes.length > 0;
    return (
      officialOf(entry)?.isLatest === true &&
      schemaDate !== undefined &&
      schemaDate >= '2025-09-16' &&
      NAME_PATTERN.test(s.name) &&
      SEMVER.test(s.version) &&
      typeof s.description === 'string' &&
      s.description.length > 0 &&
      s.description.length <= 100 &&
      (hasPackages || hasRemotes) &&
      looksSchemaValid(s.packages ?? []) &&
      looksSchemaValid(s.remotes ?? [])
    );
  });
  // A caller's own base may not meet the bar; fall back to anything with a name and version.
  const usable = good.length > 0 ? good : base.filter((entry) => keyOf(entry)[0] !== '' && keyOf(entry)[1] !== '');
  if (usable.length === 0) throw new Error('generateUpstream: no usable template entries in base');
  return usable;
}

/**
 * An RFC 3339 timestamp with nanoseconds, trailing zeros trimmed like Go's RFC3339Nano.
 * @param {number} ms
 * @param {number} subMs  0–999 999 (the nanoseconds below the millisecond)
 */
function nanoTimestamp(ms, subMs) {
  const iso = new Date(ms).toISOString(); // 2025-09-10T13:57:43.256Z
  const fraction = `${iso.slice(20, 23)}${String(subMs).padStart(6, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}

/**
 * `n` synthetic servers (one active, latest version each) derived from real fixture entries.
 * Deterministic for a given seed and base. Names are unique; timestamps strictly increase with
 * the index (so with the name order, not the time order, as upstream).
 * @param {number} n
 * @param {{ seed?: number; base?: UpstreamEntry[] }} [opts]
 * @returns {UpstreamEntry[]}
 */
function generateUpstream(n, opts = {}) {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('generateUpstream: n must be a non-negative integer');
  const seed = opts.seed ?? 1;
  const templates = pickTemplates(opts.base ?? loadFixture());
  const rand = prng(seed);
  /** @param {number} k */
  const int = (k) => Math.floor(rand() * k);
  /** @template T @param {readonly T[]} list @returns {T} */
  const pick = (list) => /** @type {T} */ (list[int(list.length)]);
  const word = () => Array.from({ length: 2 + int(2) }, () => pick(SYLLABLES)).join('');

  const names = new Set();
  /** @type {UpstreamEntry[]} */
  const out = [];
  let clock = GENERATED_EPOCH_MS;

  for (let i = 0; i < n; i++) {
    const template = pick(templates);
    const server = structuredClone(template.server);

    // --- identity: namespace (who), slug (what), version -------------------------------------
    const handle = `${word()}${rand() < 0.3 ? int(100) : ''}`;
    const topic = pick(TOPICS);
    const core = `${pick(NAME_PREFIXES)}${topic}-${pick(NAME_SUFFIXES)}`;
    const style = rand();
    /** @type {string} reverse-DNS namespace */
    let namespace;
    /** @type {string} forward DNS name the namespace stands for */
    let domain;
    let slug;
    if (style < 0.55) {
      namespace = `io.github.${handle}`;
      domain = `${handle}.github.io`;
      slug = core;
    } else if (style < 0.75) {
      namespace = 'ai.smithery'; // one namespace hosting many publishers, as in the real data
      domain = 'server.smithery.ai';
      slug = `${handle}-${core}`;
    } else {
      const tld = pick(TLDS);
      namespace = `${tld}.${handle}`;
      domain = `${handle}.${tld}`;
      slug = core;
    }
    let name = `${namespace}/${slug}`;
    for (let k = 2; names.has(name); k++) name = `${namespace}/${slug}-${k}`;
    names.add(name);
    slug = /** @type {string} */ (name.split('/')[1]);
    // The publisher's own project name (smithery slugs are prefixed with the publisher).
    const project = slug.startsWith(`${handle}-`) ? slug.slice(handle.length + 1) : slug;

    const major = rand() < 0.6 ? 0 : 1 + int(3);
    const version = `${major}.${int(20)}.${int(30)}${rand() < 0.08 ? `-beta.${1 + int(5)}` : ''}`;
    const description = `${pick(VERBS)} ${topic} ${pick(OBJECTS)} ${pick(TAILS)}`;

    // --- server.json: the template's shape with this identity ---------------------------------
    // Assigning over existing keys keeps the template's key order; only new keys go last.
    server.name = name;
    server.description = description;
    server.version = version;
    if ('title' in server)
      server.title = `${topic[0]?.toUpperCase()}${topic.slice(1)} ${slug.endsWith('server') ? 'Server' : 'MCP'}`;
    if (isObject(server.repository) || namespace.startsWith('io.github.')) {
      const repository = isObject(server.repository) ? server.repository : {};
      server.repository = {
        ...repository,
        url: `https://github.com/${handle}/${project}`,
        source: 'github',
        ...('id' in repository ? { id: String(100_000_000 + int(900_000_000)) } : {}),
      };
    }
    if (typeof server.websiteUrl === 'string') server.websiteUrl = `https://${domain}/${slug}`;

    if (Array.isArray(server.packages)) {
      server.packages = server.packages.map((/** @type {unknown} */ pkg, p) => {
        if (!isObject(pkg)) return pkg;
        /** @type {Record<string, unknown>} */
        const copy = { ...pkg, version };
        const type = typeof pkg.registryType === 'string' ? pkg.registryType : '';
        const ident = typeof pkg.identifier === 'string' ? pkg.identifier : '';
        if (type === 'npm') copy.identifier = ident.startsWith('@') ? `@${handle}/${project}` : `${handle}-${project}`;
        else if (type === 'pypi') copy.identifier = `${handle}-${project}`;
        else if (type === 'nuget')
          copy.identifier = `${handle}.${project}`
            .split(/[.-]/)
            .map((w) => `${w[0]?.toUpperCase() ?? ''}${w.slice(1)}`)
            .join('.');
        else if (type === 'oci') {
          // Keep an explicit registry host (ghcr.io/…, docker.io/…) when the template has one.
          const host = /^[a-z0-9-]+(\.[a-z0-9-]+)+\//.exec(ident)?.[0] ?? '';
          copy.identifier = `${host}${handle}/${project}`;
        } else if (type === 'mcpb') {
          copy.identifier = `https://github.com/${handle}/${project}/releases/download/v${version}/${project}-${version}-${p}.mcpb`;
          if ('fileSha256' in pkg) copy.fileSha256 = createHash('sha256').update(`${seed}:${name}:${p}`).digest('hex');
        } else copy.identifier = `${handle}/${project}`;
        return copy;
      });
    }
    if (Array.isArray(server.remotes)) {
      server.remotes = server.remotes.map((/** @type {unknown} */ remote, r) => {
        if (!isObject(remote) || typeof remote.url !== 'string') return remote;
        // Unique per server (upstream rejects duplicate remote URLs): host from the name.
        let pathPart = '/mcp';
        try {
          pathPart = new URL(remote.url).pathname;
        } catch {
          // keep /mcp
        }
        const host = `${slug
          .toLowerCase()
          .replace(/[^a-z0-9-]/g, '-')
          .slice(0, 63)}${r ? `-${r}` : ''}.${domain}`;
        return { ...remote, url: `https://${host}${pathPart}` };
      });
    }

    // --- registry metadata: active, latest, strictly increasing timestamps ---------------------
    clock += 1000 + int(599_000);
    const at = nanoTimestamp(clock, int(1_000_000));
    /** @type {UpstreamEntry} */
    const entry = { server: /** @type {ServerJson} */ (server), _meta: {} };
    writeOfficial(entry._meta, {
      status: 'active',
      statusChangedAt: at,
      publishedAt: at,
      updatedAt: at,
      isLatest: true,
    });
    out.push(entry);
  }
  return out;
}

module.exports = { startFakeUpstream, loadFixture, generateUpstream, OFFICIAL, DEFAULT_FIXTURE };
