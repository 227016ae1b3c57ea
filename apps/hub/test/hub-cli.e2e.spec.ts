import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  FIXTURE_FILE,
  type TestHub,
  createScratchDatabase,
  createTestHub,
  enc,
  serverJson,
  testDbKind,
  uniqueName,
} from '../../../test/harness';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '../dist/cli.js');

/**
 * The admin command (`pnpm hub tokens …`) run as a real process against the same database a Hub
 * uses: the embedded one under HUB_DATA_DIR, or a Postgres database via DATABASE_URL.
 */
describe('hub admin CLI and persistence', () => {
  let env: Record<string, string>;
  let dataDir: string;
  let dropDb: (() => Promise<void>) | undefined;
  let databaseUrl: string | undefined;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-cli-'));
    if (testDbKind() === 'postgres') {
      const db = await createScratchDatabase();
      databaseUrl = db.url;
      dropDb = db.drop;
      env = { DATABASE_URL: db.url };
    } else {
      env = { HUB_DATA_DIR: dataDir };
    }
  });
  afterAll(async () => {
    await dropDb?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) =>
    run(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'fatal', HUB_UPSTREAM_URL: 'off', HUB_EMBEDDINGS: 'off' },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  const startHub = () =>
    createTestHub({ env: testDbKind() === 'pglite' ? { HUB_DATA_DIR: dataDir } : {}, databaseUrl });

  it('mints a scoped token that the Hub then accepts, and data survives a restart', async () => {
    const created = await cli('tokens', 'create', '--namespace', 'io.github.alice/*', '--scopes', 'publish');
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^mcphub_/);
    expect(created.stderr).toMatch(/will not be shown again/);

    const name = uniqueName('io.github.alice');
    let hub: TestHub = await startHub();
    try {
      expect((await hub.request('POST', '/v0.1/publish', { body: serverJson(name, '1.0.0'), token })).status).toBe(200);
      expect(
        (await hub.request('POST', '/v0.1/publish', { body: serverJson(uniqueName('io.github.bob'), '1.0.0'), token }))
          .status,
      ).toBe(403);
    } finally {
      await hub.close();
    }
    hub = await startHub();
    try {
      const res = await hub.request('GET', `/v0.1/servers/${enc(name)}/versions/latest`);
      expect(res.status).toBe(200);
      expect(res.body.server.name).toBe(name);
    } finally {
      await hub.close();
    }

    const list = await cli('tokens', 'list');
    expect(list.stdout).toContain('io.github.alice/*');
    expect(list.stdout).not.toContain(token);
  });

  it('revokes a token', async () => {
    const created = JSON.parse(
      (await cli('tokens', 'create', '--namespace', '*', '--scopes', 'publish', '--json')).stdout,
    );
    expect((await cli('tokens', 'revoke', created.id)).code).toBe(0);
    const hub = await startHub();
    try {
      const res = await hub.request('POST', '/v0.1/publish', {
        body: serverJson(uniqueName(), '1.0.0'),
        token: created.token,
      });
      expect(res.status).toBe(401);
    } finally {
      await hub.close();
    }
  });

  it.each([
    [['tokens', 'create', '--namespace', 'io.github.alice/*', '--scopes', 'root'], /scopes/],
    [['tokens', 'create', '--namespace', 'not a pattern', '--scopes', 'publish'], /namespace/],
    [['tokens', 'create', '--scopes', 'publish'], /namespace/],
    [['tokens', 'revoke', '00000000-0000-0000-0000-000000000000'], /No active token/],
    [['tokens', 'revoke'], /Give the id/],
  ])('fails clearly for %j', async (args, message) => {
    const res = await cli(...(args as string[]));
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('imports a snapshot in the official list format, idempotently, and indexes it for search', async () => {
    const first = await cli('mirror', 'import', FIXTURE_FILE, '--json');
    expect(first.code).toBe(0);
    // 789 entries, 6 of them malformed (logged and skipped): 783 versions of 456 servers.
    expect(JSON.parse(first.stdout)).toMatchObject({
      entries: 789,
      servers: 456,
      written: 783,
      skipped: 6,
      search: { model: expect.stringMatching(/^none/) },
    });
    expect(JSON.parse(first.stdout).search.documents).toBeGreaterThanOrEqual(456);

    const again = JSON.parse((await cli('mirror', 'import', FIXTURE_FILE, '--json')).stdout);
    expect(again).toMatchObject({ written: 0, unchanged: 783, search: { servers: 0 } });

    const rebuilt = await cli('search', 'reindex', '--force', '--json');
    expect(rebuilt.code).toBe(0);
    expect(JSON.parse(rebuilt.stdout)).toMatchObject({ vectors: 'none' });
    expect(JSON.parse(rebuilt.stdout).servers).toBeGreaterThanOrEqual(456);

    const hub = await startHub();
    try {
      const found = await hub.request('GET', `/api/v1/search?q=${enc('filesytem')}&mode=text`);
      expect(found.body.total).toBeGreaterThan(0);
      expect(found.body.results[0].name).toMatch(/filesystem/i);
      const official = await hub.request('GET', '/v0.1/servers?search=filesystem&version=latest');
      expect(official.body.servers[0].server.name).toMatch(/filesystem/i);
      expect(official.body.servers[0].server._meta).toBeUndefined();
      expect(official.body.servers[0]._meta['io.mcphub/provenance']).toEqual({ source: 'upstream' });
    } finally {
      await hub.close();
    }
  }, 120_000);

  it('refuses to import a file that is not a snapshot, saying what is wrong', async () => {
    const missing = await cli('mirror', 'import', path.join(dataDir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^hub: .*nope\.json/);
    const notJson = path.join(dataDir, 'not.json');
    fs.writeFileSync(notJson, 'hello');
    const bad = await cli('mirror', 'import', notJson);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^hub: /);
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('prints usage for an unknown command', async () => {
    const res = await cli('frobnicate');
    expect(res.code).toBe(2);
    expect(res.stdout).toMatch(/Usage: pnpm hub/);
  });

  if (testDbKind() === 'pglite') {
    it('refuses to open the embedded database while a Hub holds it', async () => {
      const hub = await startHub();
      try {
        const res = await cli('tokens', 'list');
        expect(res.code).toBe(2);
        expect(res.stderr).toMatch(/in use by process \d+/);
      } finally {
        await hub.close();
      }
    });
  }
});

/**
 * `mirror export` writes what `mirror import` (and HUB_SEED_FILE) reads: an online Hub seeds an
 * air-gapped one. Two Hubs on two databases; the second knows only the exported file.
 */
describe('hub mirror export', () => {
  const dirs: string[] = [];
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A database of its own: the env that points the CLI at it, and how to start a Hub on it. */
  async function database(): Promise<{ env: Record<string, string>; start(): Promise<TestHub> }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-export-'));
    dirs.push(dir);
    if (testDbKind() === 'postgres') {
      const db = await createScratchDatabase();
      drops.push(db.drop);
      return { env: { DATABASE_URL: db.url }, start: () => createTestHub({ databaseUrl: db.url }) };
    }
    return { env: { HUB_DATA_DIR: dir }, start: () => createTestHub({ env: { HUB_DATA_DIR: dir } }) };
  }
  const cliOn = (env: Record<string, string>, ...args: string[]) =>
    run(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'fatal', HUB_UPSTREAM_URL: 'off', HUB_EMBEDDINGS: 'off' },
      maxBuffer: 64 << 20,
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  /** Every entry of /v0.1/servers, page by page, as an anonymous client sees them. */
  async function listing(hub: TestHub, query: string): Promise<unknown[]> {
    const entries: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await hub.request(
        'GET',
        `/v0.1/servers?limit=100&${query}${cursor ? `&cursor=${enc(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      entries.push(...page.body.servers);
      cursor = page.body.metadata.nextCursor;
    } while (cursor);
    return entries;
  }

  it('seeds a fresh Hub that lists every entry of the real snapshot exactly as the exporting Hub does, deprecations and deletions included', async () => {
    const online = await database();
    expect((await cliOn(online.env, 'mirror', 'import', FIXTURE_FILE)).code).toBe(0);

    // The online Hub's own history: a version deprecated with a message, one deleted, and a private server.
    let hub = await online.start();
    const tag = Date.now().toString(36);
    const secret = `com.acme-${tag}/secret-tool`;
    let before: { all: unknown[]; current: unknown[] };
    try {
      const all = (await hub.request('GET', '/v0.1/servers?limit=3&version=latest')).body.servers.map(
        (e: any) => e.server,
      );
      const [deprecated, deleted] = all as { name: string; version: string }[];
      const status = (s: { name: string; version: string }, body: object) =>
        hub.request('PATCH', `/v0.1/servers/${enc(s.name)}/versions/${enc(s.version)}/status`, {
          token: hub.adminToken,
          body,
        });
      expect((await status(deprecated!, { status: 'deprecated', statusMessage: 'Use the new one' })).status).toBe(200);
      expect((await status(deleted!, { status: 'deleted', statusMessage: 'Malware' })).status).toBe(200);
      expect(
        (await hub.request('POST', '/api/v1/users', { token: hub.adminToken, body: { login: `owner-${tag}` } })).status,
      ).toBe(201);
      const personal = await hub.request('POST', `/api/v1/users/owner-${tag}/tokens`, {
        token: hub.adminToken,
        body: { namespace: '*', scopes: ['read'] },
      });
      expect(
        (
          await hub.request('POST', '/api/v1/orgs', {
            token: personal.body.token,
            body: { name: `acme-${tag}`, defaultVisibility: 'private' },
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await hub.request('POST', `/api/v1/orgs/acme-${tag}/namespaces`, {
            token: hub.adminToken,
            body: { namespace: `com.acme-${tag}` },
          })
        ).status,
      ).toBe(201);
      const orgToken = await hub.request('POST', `/api/v1/orgs/acme-${tag}/tokens`, {
        token: personal.body.token,
        body: { scopes: ['publish'], namespace: `com.acme-${tag}/*` },
      });
      expect(
        (await hub.request('POST', '/v0.1/publish', { token: orgToken.body.token, body: serverJson(secret, '1.0.0') }))
          .status,
      ).toBe(200);
      before = { all: await listing(hub, 'include_deleted=true'), current: await listing(hub, '') };
    } finally {
      await hub.close();
    }
    // 783 mirrored versions, one of them deleted; the private server is nobody else's business.
    expect(before.all).toHaveLength(783);
    expect(before.current).toHaveLength(782);

    const file = path.join(dirs[0]!, 'snapshot.json');
    const exported = await cliOn(online.env, 'mirror', 'export', file, '--json');
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({
      entries: 783,
      servers: 456,
      statuses: { active: 781, deprecated: 1, deleted: 1 },
      includePrivate: false,
    });
    const snapshot = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(snapshot.metadata).toEqual({ count: 783 });
    expect(JSON.stringify(snapshot)).not.toContain(secret);

    const airGapped = await database();
    const imported = await cliOn(airGapped.env, 'mirror', 'import', file, '--json');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ entries: 783, servers: 456, written: 783, skipped: 0 });
    hub = await airGapped.start();
    try {
      const after = { all: await listing(hub, 'include_deleted=true'), current: await listing(hub, '') };
      expect(after.all).toHaveLength(before.all.length);
      after.all.forEach((entry, i) => expect(entry).toEqual(before.all[i]));
      expect(after.current).toEqual(before.current);
    } finally {
      await hub.close();
    }

    // Asked for explicitly, private servers are exported too.
    const withPrivate = path.join(dirs[0]!, 'with-private.json');
    const all = await cliOn(online.env, 'mirror', 'export', withPrivate, '--include-private', '--json');
    expect(JSON.parse(all.stdout)).toMatchObject({ entries: 784, includePrivate: true });
    expect(JSON.parse(fs.readFileSync(withPrivate, 'utf8')).servers.map((e: any) => e.server.name)).toContain(secret);
  }, 240_000);

  it('fails clearly without a file, or with one it cannot write', async () => {
    const { env } = await database();
    const missing = await cliOn(env, 'mirror', 'export');
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/^hub: Give the file to write/) });
    const unwritable = await cliOn(env, 'mirror', 'export', path.join(dirs.at(-1)!, 'no-such-dir', 'out.json'));
    expect(unwritable).toMatchObject({ code: 2, stderr: expect.stringMatching(/^hub: cannot write .*out\.json/) });
    const misplaced = await cliOn(env, 'mirror', 'import', FIXTURE_FILE, '--include-private');
    expect(misplaced).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--include-private is an option of mirror export only/),
    });
  });
});
