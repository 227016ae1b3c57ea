import { createHash } from 'node:crypto';
import {
  OFFICIAL_META_KEY,
  type OfficialMeta,
  type ServerStatus,
  type StoredPackage,
  type StoredRemote,
  type StoredServerJson,
} from '@mcp-hub/domain';
import { CliError } from '../errors';
import {
  type DriftEvent,
  type PublishedCapabilities,
  type Published,
  readCapabilities,
  readDrift,
} from './capabilities';
import { HttpCache } from './http-cache';
import { type HttpResponse, request } from './http';

export type Status = ServerStatus;

/** A server.json as mcpm reads it back from a registry (the schema's types, read leniently: see `Stored`). */
export type ServerDoc = StoredServerJson;
export type PackageDoc = StoredPackage;
export type RemoteDoc = StoredRemote;

export interface VersionEntry {
  server: ServerDoc;
  status: Status;
  statusMessage?: string;
  publishedAt?: string;
  updatedAt?: string;
  isLatest: boolean;
}

export interface SearchHit {
  name: string;
  version: string;
  title?: string | null;
  description: string;
  status: Status;
  packages: PackageDoc[];
  remotes: RemoteDoc[];
}

export interface SearchResult {
  source: 'hub-search' | 'registry-list';
  total?: number;
  results: SearchHit[];
}

interface RawEntry {
  server: ServerDoc;
  _meta?: Record<string, Partial<OfficialMeta> | undefined>;
}

export interface RegistryClientOptions {
  cacheDir: string;
  offline: boolean;
  /** The credential reads send (the login stored for this registry), looked up on the first read. */
  credential?: () => Promise<string | undefined>;
  timeoutMs?: number;
  onNote?: (line: string) => void;
}

/**
 * Talks to an MCP Hub, or to any registry that speaks the official /v0.1 API. GETs are cached
 * on disk and revalidated with ETags; with `offline` they are served from the cache alone.
 */
export interface Whoami {
  tokenId: string;
  namespace: string;
  namespaces?: string[];
  scopes: string[];
  kind?: 'api' | 'session' | 'jwt';
  login?: string;
}

export class RegistryClient {
  private readonly cache: HttpCache;
  private credential?: Promise<string | undefined>;

  constructor(
    readonly baseUrl: string,
    private readonly opts: RegistryClientOptions,
  ) {
    this.cache = new HttpCache(opts.cacheDir);
  }

  async search(query: string, limit = 20): Promise<SearchResult> {
    const hub = await this.get(`/api/v1/search?q=${encodeURIComponent(query)}&limit=${limit}`, { notFoundOk: true });
    if (hub !== undefined) {
      const body = hub as { results: SearchHit[]; total?: number };
      return {
        source: 'hub-search',
        total: body.total,
        results: body.results.map((r) => ({ ...r, packages: r.packages ?? [], remotes: r.remotes ?? [] })),
      };
    }
    // Not a Hub: the official API's substring search over names.
    const list = (await this.get(
      `/v0.1/servers?search=${encodeURIComponent(query)}&version=latest&limit=${Math.min(limit, 100)}`,
    )) as { servers: RawEntry[] };
    return {
      source: 'registry-list',
      results: list.servers.map((e) => {
        const v = toVersionEntry(e);
        return {
          name: v.server.name,
          version: v.server.version,
          title: v.server.title,
          description: v.server.description,
          status: v.status,
          packages: v.server.packages ?? [],
          remotes: v.server.remotes ?? [],
        };
      }),
    };
  }

  /** Every version of a server, newest first as the registry orders them. */
  async versions(name: string): Promise<VersionEntry[]> {
    const body = (await this.get(`/v0.1/servers/${encodeURIComponent(name)}/versions`, {
      notFound: () =>
        new CliError(
          'not_found',
          `No server named ${name} in ${this.baseUrl}.`,
          `Check the spelling, or find it with: mcpm search ${lastPart(name)}`,
        ),
    })) as { servers: RawEntry[] };
    return body.servers.map(toVersionEntry);
  }

  async version(name: string, version: string): Promise<VersionEntry> {
    const body = (await this.get(`/v0.1/servers/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`, {
      notFound: () =>
        new CliError(
          'not_found',
          `${name}@${version} is not in ${this.baseUrl}.`,
          `List its versions with: mcpm info ${name}`,
        ),
    })) as RawEntry;
    return toVersionEntry(body);
  }

  /**
   * What the registry publishes about a version's tools, resources and prompts (an MCP Hub's
   * Runtime service). A registry without that route (an older Hub, the official registry), a
   * failed read or an answer of the wrong shape gives `value: null` and why: callers degrade,
   * they never fail an install or an info for it.
   */
  async capabilities(name: string, version: string): Promise<Published<PublishedCapabilities>> {
    return this.published(
      `/api/v1/servers/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/capabilities`,
      readCapabilities,
      'capabilities',
    );
  }

  /** Tools that changed on a server's remotes without a new version (the Hub's health probes), as `capabilities` degrades. */
  async drift(name: string): Promise<Published<DriftEvent[]>> {
    return this.published(`/api/v1/servers/${encodeURIComponent(name)}/health`, readDrift, 'remote health');
  }

  private async published<T>(
    pathAndQuery: string,
    read: (body: unknown) => T | undefined,
    what: string,
  ): Promise<Published<T>> {
    let body: unknown;
    try {
      body = await this.get(pathAndQuery, { notFoundOk: true });
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      return { value: null, why: `the registry's ${what} could not be read: ${e.message}` };
    }
    if (body === undefined)
      return {
        value: null,
        why: this.opts.offline
          ? `--offline: no cached answer for the registry's ${what}`
          : `the registry publishes no ${what}`,
      };
    const value = read(body);
    return value === undefined
      ? { value: null, why: `the registry's ${what} answer is not in the shape mcpm reads` }
      : { value };
  }

  async whoami(token: string): Promise<Whoami> {
    return (await this.send('GET', '/api/v1/whoami', undefined, token)) as Whoami;
  }

  /**
   * Whether a registry without a whoami (an org's view of a Hub, another official-API registry)
   * accepts a token: one uncached read with it. Throws the registry's refusal.
   */
  async acceptsToken(token: string): Promise<void> {
    await this.send('GET', '/v0.1/servers?limit=1', undefined, token);
  }

  /** Starts a GitHub device sign-in on the Hub (it talks to GitHub; mcpm talks only to the Hub). */
  async startGitHubDevice(): Promise<{
    deviceCode: string;
    userCode: string;
    verificationUri: string;
    expiresIn: number;
    interval: number;
  }> {
    return (await this.send('POST', '/api/v1/auth/github/device', {}, undefined)) as {
      deviceCode: string;
      userCode: string;
      verificationUri: string;
      expiresIn: number;
      interval: number;
    };
  }

  async pollGitHubDevice(
    deviceCode: string,
  ): Promise<{ status: 'pending'; interval: number } | { status: 'ok'; token: string; user: { login: string } }> {
    return (await this.send('POST', '/api/v1/auth/github/device/token', { deviceCode }, undefined)) as
      { status: 'pending'; interval: number } | { status: 'ok'; token: string; user: { login: string } };
  }

  /** Revokes a sign-in session on the Hub (logout). */
  async signOut(token: string): Promise<void> {
    await this.send('DELETE', '/api/v1/auth/session', undefined, token);
  }

  async publish(doc: unknown, token: string): Promise<RawEntry> {
    return (await this.send('POST', '/v0.1/publish', doc, token)) as RawEntry;
  }

  async setStatus(
    name: string,
    version: string,
    status: Status,
    message: string | undefined,
    token: string,
  ): Promise<VersionEntry> {
    const body = await this.send(
      'PATCH',
      `/v0.1/servers/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/status`,
      { status, ...(message ? { statusMessage: message } : {}) },
      token,
    );
    return toVersionEntry(body as RawEntry);
  }

  async unpublish(name: string, version: string, token: string): Promise<VersionEntry> {
    const body = await this.send(
      'DELETE',
      `/v0.1/servers/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`,
      undefined,
      token,
    );
    return toVersionEntry(body as RawEntry);
  }

  /**
   * Tells the registry a server was installed (its "most installed" list). Anonymous, best effort:
   * never throws, gives up after 3 s, and is skipped offline or when MCPM_NO_STATS or
   * DO_NOT_TRACK is set.
   */
  async countInstall(name: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
    if (this.opts.offline || env.MCPM_NO_STATS || (env.DO_NOT_TRACK && env.DO_NOT_TRACK !== '0')) return false;
    try {
      const res = await request(`${this.baseUrl}/api/v1/servers/${encodeURIComponent(name)}/installs`, {
        method: 'POST',
        headers: {},
        timeoutMs: 3000,
      });
      return res.ok;
    } catch {
      return false;
    }
  }

  /** Reachability for `mcpm doctor`: status and round-trip time, never throws. */
  async ping(): Promise<{ ok: boolean; ms: number; detail: string }> {
    const started = performance.now();
    try {
      const token = await this.login();
      const res = await this.fetch(`${this.baseUrl}/v0.1/servers?limit=1`, {
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      });
      return { ok: res.ok, ms: Math.round(performance.now() - started), detail: `HTTP ${res.status}` };
    } catch (e) {
      return { ok: false, ms: Math.round(performance.now() - started), detail: (e as CliError).message };
    }
  }

  get cacheStore(): HttpCache {
    return this.cache;
  }

  /** The login reads carry, looked up once per client. */
  private login(): Promise<string | undefined> {
    this.credential ??= this.opts.credential?.() ?? Promise.resolve(undefined);
    return this.credential;
  }

  private async get(
    pathAndQuery: string,
    o: { notFoundOk?: boolean; notFound?: () => CliError } = {},
  ): Promise<unknown> {
    const url = this.baseUrl + pathAndQuery;
    // What a login may read is cached apart from what anyone may: after a logout, or under another
    // login, a private answer is never served from the cache.
    const token = await this.login();
    const auth = token === undefined ? undefined : credentialId(token);
    const cached = this.cache.get(url, auth);
    if (this.opts.offline) {
      if (cached) return JSON.parse(cached.body);
      if (o.notFoundOk) return undefined;
      throw new CliError(
        'offline_miss',
        `--offline: ${url} is not in the cache.`,
        'Run the command once while online, or drop --offline.',
      );
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    const res = await this.fetch(url, { headers });
    if (res.status === 304 && cached) return JSON.parse(cached.body);
    const text = res.text();
    if (res.status === 404 && o.notFoundOk) return undefined;
    if (res.status === 401) {
      throw token === undefined
        ? new CliError(
            'auth',
            `${this.baseUrl} needs a login: ${problemDetail(text)}`,
            `Log in with a token it accepts: mcpm login --registry ${this.baseUrl} --token <token>`,
          )
        : new CliError(
            'auth',
            `${this.baseUrl} refused your login: ${problemDetail(text)}`,
            'Log in again (mcpm login), or run mcpm logout to read anonymously.',
          );
    }
    if (!res.ok) throw this.httpError(res.status, text, o.notFound);
    const etag = res.header('etag');
    this.cache.put({ url, auth, etag, storedAt: new Date().toISOString(), body: text });
    return parseJson(text, url);
  }

  private async send(method: string, pathAndQuery: string, body: unknown, token: string | undefined): Promise<unknown> {
    if (this.opts.offline)
      throw new CliError(
        'usage',
        `${method} ${pathAndQuery} changes the registry and cannot run --offline.`,
        'Drop --offline.',
      );
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const url = this.baseUrl + pathAndQuery;
    const res = await this.fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = res.text();
    if (!res.ok) throw this.httpError(res.status, text);
    return text ? parseJson(text, url) : undefined;
  }

  private async fetch(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<HttpResponse> {
    try {
      return await request(url, { ...init, timeoutMs: this.opts.timeoutMs ?? 15_000 });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = err.code === 'ETIMEDOUT' ? 'timed out' : (err.code ?? err.message);
      throw new CliError(
        'network',
        `Cannot reach the registry at ${this.baseUrl} (${why}).`,
        'Check your network and the registry URL (mcpm config get registry), or add --offline to use cached responses.',
      );
    }
  }

  private httpError(status: number, text: string, notFound?: () => CliError): CliError {
    if (status === 404 && notFound) return notFound();
    const detail = problemDetail(text);
    if (status === 401)
      return new CliError('auth', `The registry refused the token: ${detail}`, 'Log in again with: mcpm login');
    if (status === 403)
      return new CliError('auth', detail, 'Use a token allowed to do this (mcpm whoami shows yours).');
    if (status === 404) return new CliError('not_found', detail, 'Check the name and version (mcpm info <name>).');
    if (status === 409) return new CliError('conflict', detail);
    if (status === 429)
      return new CliError('invalid', `The registry is limiting requests: ${detail}`, 'Wait a little and try again.');
    if (problemCode(text) === 'not_configured')
      return new CliError('usage', detail, 'Log in with an API token instead: mcpm login --token <token>');
    if (status >= 400 && status < 500)
      return new CliError('invalid', `The registry rejected the request (${status}): ${detail}`);
    return new CliError('network', `The registry at ${this.baseUrl} failed (${status}): ${detail}`, 'Try again later.');
  }
}

/** The readable part of an error answer: an RFC 7807 problem's detail, else the start of the text. */
function problemDetail(text: string): string {
  let detail = text.slice(0, 300);
  try {
    const problem = JSON.parse(text) as {
      detail?: string;
      title?: string;
      errors?: { location?: string; message?: string }[];
    };
    detail = problem.detail ?? problem.title ?? detail;
    if (problem.errors?.length)
      detail += ' ' + problem.errors.map((e) => `${e.location ?? ''}: ${e.message ?? ''}`).join('; ');
  } catch {
    // not problem+json; keep the text
  }
  return detail;
}

/** The `code` of an RFC 7807 problem (a Hub's, e.g. not_configured for a sign-in it does not offer). */
function problemCode(text: string): string | undefined {
  try {
    const { code } = JSON.parse(text) as { code?: unknown };
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/** Names a credential in the cache without keeping it there: a hash, cut short. */
function credentialId(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

function parseJson(text: string, url: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError('network', `${url} did not answer with JSON.`, 'Is --registry the base URL of an MCP registry?');
  }
}

function toVersionEntry(e: RawEntry): VersionEntry {
  const meta = e._meta?.[OFFICIAL_META_KEY] ?? {};
  return {
    server: e.server,
    status: meta.status ?? 'active',
    statusMessage: meta.statusMessage,
    publishedAt: meta.publishedAt,
    updatedAt: meta.updatedAt,
    isLatest: meta.isLatest === true,
  };
}

const lastPart = (name: string) => name.split('/').pop() ?? name;
