/**
 * Types for fake-upstream.cjs: a local stand-in for the official MCP Registry read API
 * (GET /v0.1/servers, /v0.1/servers/{name}/versions, /v0.1/servers/{name}/versions/{version}).
 *
 *   import { startFakeUpstream, loadFixture } from '../../../test/fake-upstream.cjs';
 *   const upstream = await startFakeUpstream({ entries: loadFixture() });
 *   // … point the mirror at upstream.url …
 *   await upstream.close();
 */

/** Key of the registry-managed block inside an entry's `_meta`. */
export declare const OFFICIAL: 'io.modelcontextprotocol.registry/official';

/** Absolute path of the default fixture: the production snapshot of 2025-09-30 (789 entries). */
export declare const DEFAULT_FIXTURE: string;

/** Lifecycle states upstream assigns. */
export type ServerStatus = 'active' | 'deprecated' | 'deleted';

/** A server.json document; only `name` and `version` are relied on. */
export type ServerJson = Record<string, unknown> & { name: string; version: string };

/** `_meta["io.modelcontextprotocol.registry/official"]` as upstream serves it. */
export interface OfficialMeta {
  /** One of ServerStatus in practice; the 2025-09-30 snapshot also holds one legacy "beta". */
  status: ServerStatus | (string & {});
  statusMessage?: string;
  /** RFC 3339, often with nanoseconds ("2025-09-10T13:57:43.256738808Z"). */
  statusChangedAt: string;
  publishedAt: string;
  updatedAt: string;
  isLatest: boolean;
}

/** One row of upstream's list output. */
export interface UpstreamEntry {
  server: ServerJson;
  _meta: Record<string, unknown> & { 'io.modelcontextprotocol.registry/official'?: OfficialMeta };
}

/** One request the fake received. */
export interface RequestLogEntry {
  /** URL path as received, still percent-encoded (e.g. "/v0.1/servers/io.github.a%2Fb/versions"). */
  path: string;
  /** Query parameters; the first value wins for repeated keys. */
  query: Record<string, string>;
  /** HTTP status answered; 0 when the connection was reset by down(). */
  status: number;
}

export interface StartFakeUpstreamOptions {
  /** The live data. Used as-is (not copied): later changes to the array or its entries are served. */
  entries: UpstreamEntry[];
  /** Default 0: any free port. The server always binds 127.0.0.1. */
  port?: number;
  /** Page size when `limit` is absent. Default 30. */
  defaultLimit?: number;
  /** Largest accepted `limit`; a larger one is answered 400. Default 100. */
  maxLimit?: number;
  /**
   * Upstream's rule for deleted rows: hidden unless `include_deleted=true` (on the list, also shown
   * whenever `updated_since` is given). Default false: deleted rows are always shown.
   */
  hideDeleted?: boolean;
  /**
   * Upstream's rule for cursors: `nextCursor` on every full page, so an exactly-full last page is
   * followed by an empty one. Default false: `nextCursor` only when more rows remain.
   */
  cursorOnFullPage?: boolean;
  /**
   * `key` (default): upstream's "<name>:<version>" cursors. `offset`: another registry's way, the
   * next row's offset sent as a JSON number (`"nextCursor": 100`) and read back from `cursor=100`.
   */
  cursor?: 'key' | 'offset';
  /** Gzip every response (Content-Encoding: gzip) when the request's Accept-Encoding allows it. */
  gzip?: boolean;
}

export interface FailListOptions {
  /** Status of the failing responses, 400–599. Default 500. */
  status?: number;
  /** How many list requests to answer normally before the failures start. Default 0. */
  afterRequests?: number;
}

export interface SetStatusOptions {
  /** Becomes `statusMessage`; without it any previous message is removed. */
  message?: string;
  /** RFC 3339 time of the change. Default: now (ISO, milliseconds, strictly increasing). */
  at?: string;
}

export interface PublishOptions {
  /** RFC 3339 publication time. Default: now (ISO, milliseconds, strictly increasing). */
  at?: string;
  /** Default true: the new version becomes latest and the previous latest is demoted. */
  isLatest?: boolean;
}

export interface FakeUpstream {
  /** Base URL, `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  /** The live data, mutable; may also be replaced wholesale. */
  entries: UpstreamEntry[];
  /** Every request received, in arrival order. Clear with `requests.length = 0`. */
  readonly requests: RequestLogEntry[];
  /**
   * The next `n` requests to GET /v0.1/servers — after `afterRequests` more that are answered
   * normally — get `status` (default 500) with a problem body. Replaces any earlier schedule;
   * `n = 0` cancels it. Other endpoints are unaffected.
   */
  failListRequests(n: number, opts?: FailListOptions): void;
  /**
   * From now on the list output shows `raw` (JSON-serialised; `undefined` becomes null) in place
   * of `entries[index]`. The row keeps its position — ordered, filtered and used for cursors by
   * the real entry's data — and counts toward `limit`. Detail endpoints keep serving the real entry.
   */
  injectMalformed(index: number, raw: unknown): void;
  /**
   * From now on the list's `metadata.nextCursor` is `rewrite(cursor, next)`: `cursor` is the one the
   * request came with, `next` the one the fake would send; `undefined` omits it. A hostile
   * upstream's paging, e.g. a cycle. `null` stops rewriting.
   */
  rewriteNextCursor(rewrite: ((cursor: string | undefined, next: string | number | undefined) => unknown) | null): void;
  /**
   * From now on every list response carries `bytes` of JSON whitespace after its servers array,
   * streamed as the client reads: an oversized page, or with `gzip: true` a gzip bomb (whitespace
   * compresses about a thousandfold). 0 stops padding.
   */
  padListPages(bytes: number): void;
  /**
   * Sets the status of name@version and moves its statusChangedAt and updatedAt to `at`, so the
   * change shows up in `updated_since` queries. Throws if there is no such entry.
   */
  setStatus(name: string, version: string, status: ServerStatus, opts?: SetStatusOptions): void;
  /**
   * Appends a new version (a deep copy of `server`), active, with publishedAt = updatedAt =
   * statusChangedAt = `at`. If it is latest, the server's previous latest version gets
   * isLatest false and updatedAt `at`. Throws if name@version already exists.
   * @returns the entry as stored in `entries`
   */
  publish(server: ServerJson, opts?: PublishOptions): UpstreamEntry;
  /** Every request from now on is answered with a connection reset (logged with status 0). */
  down(): void;
  /** Undoes down(). */
  up(): void;
  /** Stops listening and drops open connections. Idempotent. */
  close(): Promise<void>;
}

/** Starts a fake upstream registry on 127.0.0.1. */
export declare function startFakeUpstream(opts: StartFakeUpstreamOptions): Promise<FakeUpstream>;

/**
 * Reads a fixture: a list response (`{ servers: [...] }`) or a bare array of entries.
 * @param file relative paths resolve against the repository root; default {@link DEFAULT_FIXTURE}
 * @returns deep copies, free to mutate
 */
export declare function loadFixture(file?: string): UpstreamEntry[];

export interface GenerateUpstreamOptions {
  /** Default 1. The same seed and base always give the same entries. */
  seed?: number;
  /** Entries to take server.json shapes (packages, remotes, $schema) from. Default: loadFixture(). */
  base?: UpstreamEntry[];
}

/**
 * `n` synthetic servers, one active latest version each, shaped like real entries of `base`:
 * unique `reverse.dns/name` names, semver versions, packages/remotes copied with identifiers and
 * URLs rewritten, timestamps (with nanoseconds) strictly increasing with the index.
 */
export declare function generateUpstream(n: number, opts?: GenerateUpstreamOptions): UpstreamEntry[];
