import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { Client } from 'pg';
import { loadConfig } from '@mcp-hub/config';
import { type Clock, type RunningService } from '@mcp-hub/http';
import { startHub } from '@mcp-hub/hub';

/**
 * A real Hub for one test file: its own fresh database (a new database on the Postgres server,
 * or an in-memory PGlite — chosen by the Jest project), listening on a random local port.
 */
export const ADMIN_DATABASE_URL = process.env.HUB_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestHub {
  /** The Nest application, to reach services directly (e.g. run one mirror sync now). */
  app: RunningService['app'];
  url: string;
  /** The web site, when started with HUB_WEB=on. */
  webUrl?: string;
  adminToken: string;
  dbKind: 'postgres' | 'pglite';
  databaseUrl?: string;
  close(): Promise<void>;
  /** Runs SQL on the Hub's own database (either engine), to check what is really stored. */
  query<T = Record<string, unknown>>(text: string): Promise<T[]>;
  /** fetch against the hub, JSON in and out. */
  request(
    method: string,
    path: string,
    opts?: { body?: unknown; token?: string | null; headers?: Record<string, string>; raw?: string },
  ): Promise<TestResponse>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export function testDbKind(): 'postgres' | 'pglite' {
  return process.env.HUB_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

/** A TCP port free on 127.0.0.1 right now (for a Hub started as a child process). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hub_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: ADMIN_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * Storage for a Hub run as a child process: a scratch database on the Postgres server, or a fresh
 * PGlite data directory (named `prefix…`), as the Jest project chooses. `env` points the Hub at it.
 */
export async function scratchStorage(
  prefix: string,
): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> {
  if (testDbKind() === 'postgres') {
    const db = await createScratchDatabase();
    return { env: { DATABASE_URL: db.url }, cleanup: db.drop };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { env: { HUB_DATA_DIR: dir }, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The environment of the built Hub run as a child process on `port`, on `storage`, with admin `token`: quiet and hermetic. */
export function childHubEnv(port: number, token: string, storage: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    ...storage,
    PORT: String(port),
    HOST: '127.0.0.1',
    HUB_BOOTSTRAP_TOKEN: token,
    LOG_LEVEL: 'error',
    HUB_UPSTREAM_URL: 'off',
    HUB_WEB: 'off',
    // Inspections run packages from npm: only the runtime's own suites turn the worker on.
    HUB_RUNTIME: 'off',
  };
}

/** `databaseUrl` + `adminToken` start a second Hub on another one's database, as a second process would. */
export async function createTestHub(
  opts: { clock?: Clock; env?: Record<string, string>; databaseUrl?: string; adminToken?: string } = {},
): Promise<TestHub> {
  const kind = testDbKind();
  const scratch =
    kind === 'postgres'
      ? opts.databaseUrl
        ? { url: opts.databaseUrl, drop: async () => undefined }
        : await createScratchDatabase()
      : undefined;
  const adminToken = opts.adminToken ?? `test-admin-${randomBytes(16).toString('hex')}`;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'fatal',
    HUB_BOOTSTRAP_TOKEN: adminToken,
    HUB_DB_POOL_SIZE: '4',
    HUB_UPSTREAM_URL: 'off',
    HUB_EMBEDDINGS: 'off',
    HUB_WEB: 'off',
    // Inspections run packages from npm: only the runtime's own suites turn the worker on.
    HUB_RUNTIME: 'off',
    // Suites hammer the Hub; the rate-limit and quota suites turn these on themselves.
    HUB_RATE_LIMIT: '0',
    HUB_PUBLISH_QUOTA: '0',
    // Nothing leaves this machine: GitHub (server READMEs, sign-in) is a closed local port unless a suite fakes it.
    GITHUB_API_URL: 'http://127.0.0.1:9',
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    ...opts.env,
  });
  if (!scratch && !opts.env?.HUB_DATA_DIR) config.database = { kind: 'pglite', dataDir: 'memory://' };
  const running = await startHub(config, { clock: opts.clock });
  const url = running.url;
  return {
    app: running.app,
    url,
    webUrl: running.webUrl,
    adminToken,
    dbKind: kind,
    databaseUrl: scratch?.url,
    close: async () => {
      await running.close();
      await scratch?.drop();
    },
    query: async <T>(text: string) =>
      ((await running.database.db.execute(sql.raw(text))) as unknown as { rows: T[] }).rows,
    request: async (method, path, o = {}) => {
      const headers: Record<string, string> = { ...o.headers };
      const token = o.token === undefined ? undefined : o.token;
      if (token) headers.authorization = `Bearer ${token}`;
      let body: string | undefined = o.raw;
      if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      } else if (o.raw !== undefined) headers['content-type'] ??= 'application/json';
      const res = await fetch(url + path, { method, headers, body });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
  };
}

/**
 * Starts a Hub (`createTestHub(opts)`) before the enclosing describe block's tests and closes it
 * after them. Returns a stand-in that reads through to that Hub, so suites can use it in tests
 * and hooks as if it were the Hub itself (from `beforeAll` on).
 */
export function useTestHub(
  opts: Parameters<typeof createTestHub>[0] = {},
  timeoutMs?: number,
  /** Run once the Hub is up, still in beforeAll (e.g. wait until it has indexed its seed). */
  ready?: (hub: TestHub) => Promise<unknown>,
): TestHub {
  let current: TestHub | undefined;
  beforeAll(async () => {
    current = await createTestHub(opts);
    await ready?.(current);
  }, timeoutMs);
  afterAll(() => current?.close());
  return new Proxy({} as TestHub, {
    get(_, key) {
      if (!current) throw new Error('the test Hub starts in beforeAll: use it inside a test or a hook');
      return current[key as keyof TestHub];
    },
  });
}

/**
 * Two users, `in` and `out`, each signed in with a read token and owning a private org. The
 * namespace `ns` is given to the `in` user's org; `orgToken` is that org's, to read and publish there.
 */
export async function twoPrivateOrgs(
  hub: TestHub,
  ns: string,
  names: { login(who: string): string; org(who: string): string },
): Promise<{ members: Record<string, string>; orgToken: string }> {
  const members: Record<string, string> = {};
  for (const who of ['in', 'out']) {
    expect(
      (await hub.request('POST', '/api/v1/users', { token: hub.adminToken, body: { login: names.login(who) } })).status,
    ).toBe(201);
    members[who] = (
      await hub.request('POST', `/api/v1/users/${names.login(who)}/tokens`, {
        token: hub.adminToken,
        body: { namespace: '*', scopes: ['read'] },
      })
    ).body.token;
    expect(
      (
        await hub.request('POST', '/api/v1/orgs', {
          token: members[who],
          body: { name: names.org(who), defaultVisibility: 'private' },
        })
      ).status,
    ).toBe(201);
  }
  expect(
    (
      await hub.request('POST', `/api/v1/orgs/${names.org('in')}/namespaces`, {
        token: hub.adminToken,
        body: { namespace: ns },
      })
    ).status,
  ).toBe(201);
  const orgToken = (
    await hub.request('POST', `/api/v1/orgs/${names.org('in')}/tokens`, {
      token: members.in,
      body: { namespace: `${ns}/*`, scopes: ['read', 'publish'] },
    })
  ).body.token;
  return { members, orgToken };
}

/** A random, valid server name, so test files never collide. */
export function uniqueName(prefix = 'io.github.test'): string {
  return `${prefix}/srv-${randomBytes(5).toString('hex')}`;
}

export function serverJson(
  name: string,
  version: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name,
    description: 'A test server',
    version,
    packages: [
      {
        registryType: 'npm',
        identifier: '@test/' + name.split('/')[1],
        version: '1.0.0',
        transport: { type: 'stdio' },
      },
    ],
    ...extra,
  };
}

export const enc = encodeURIComponent;

/** The shared reference data beside the repository (../shared). */
export const SHARED_DIR = path.resolve(__dirname, '../../shared');
export const FIXTURE_FILE = `${SHARED_DIR}/fixtures/official-registry/production-2025-09-30.v0.1.json`;
/** The offline stand-in sentence embedder (static GloVe vectors in transformers.js layout). */
export const TEST_MODEL_DIR = `${SHARED_DIR}/models/glove-static-10k`;

/** Polls until `check` holds (or throws after `timeoutMs`), for work a Hub finishes in the background. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
  label = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the Hub's search index holds `documents` documents with nothing left to index or embed. */
export async function searchIndexed(hub: TestHub, documents: number): Promise<void> {
  await eventually(
    async () => {
      const z = (await hub.request('GET', '/healthz')).body;
      const s = z?.checks?.search;
      const e = z?.checks?.embeddings;
      if (e?.state === 'loading') return false;
      return s && s.pending === 0 && s.documents === documents;
    },
    60_000,
    `${documents} search documents`,
  );
}

/** The offline stand-in embedder, for a Hub's `env`. */
export const LOCAL_EMBEDDINGS = { HUB_EMBEDDINGS: 'local', HUB_EMBEDDINGS_MODEL_DIR: TEST_MODEL_DIR };

/** `useTestHub` seeded with the fixture (FIXTURE_FILE), ready once its search index holds `documents` servers. */
export function useFixtureHub(documents: number, env: Record<string, string> = {}): TestHub {
  return useTestHub({ env: { HUB_SEED_FILE: FIXTURE_FILE, ...env } }, 120_000, (hub) => searchIndexed(hub, documents));
}

/** A Hub with its web site on (HUB_WEB=on, on a free WEB_PORT: `webUrl`), and `env` besides. */
export async function createWebHub(env: Record<string, string> = {}): Promise<TestHub> {
  return createTestHub({ env: { HUB_WEB: 'on', WEB_PORT: String(await freePort()), ...env } });
}

/** A token the admin mints (POST /api/v1/tokens with `body`). */
export async function mintToken(hub: TestHub, body: Record<string, unknown>): Promise<string> {
  return (await hub.request('POST', '/api/v1/tokens', { body, token: hub.adminToken })).body.token;
}

export interface RawHttpResponse {
  /** 0 when the server closed the connection without answering. */
  status: number;
  headers: Record<string, string>;
  body: any;
  text: string;
}

/**
 * Writes `chunks` to a fresh TCP connection to `url` as they are (no HTTP client between: it would
 * fix up what these tests mean to send wrong), then reads until the server closes the connection.
 * Resolves with status 0 if the server closed without answering; rejects if it is still open
 * after `giveUpMs`.
 */
export function rawHttp(url: string, chunks: (string | Buffer)[], giveUpMs = 20_000): Promise<RawHttpResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const received: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${giveUpMs} ms`));
    }, giveUpMs);
    socket.on('data', (d) => received.push(d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(received).toString('utf8');
      const split = raw.indexOf('\r\n\r\n');
      const head = split === -1 ? raw : raw.slice(0, split);
      const text = split === -1 ? '' : raw.slice(split + 4);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const line of head.split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      resolve({ status, headers, body, text });
    });
    for (const chunk of chunks) socket.write(chunk);
  });
}
