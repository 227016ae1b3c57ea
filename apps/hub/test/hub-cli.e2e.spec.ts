import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FIXTURE_FILE, type TestHub, createScratchDatabase, createTestHub, enc, serverJson, testDbKind, uniqueName } from '../../../test/harness';

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
    run(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'fatal', HUB_UPSTREAM_URL: 'off', HUB_EMBEDDINGS: 'off' } }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  const startHub = () => createTestHub({ env: testDbKind() === 'pglite' ? { HUB_DATA_DIR: dataDir } : {}, databaseUrl });

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
      expect((await hub.request('POST', '/v0.1/publish', { body: serverJson(uniqueName('io.github.bob'), '1.0.0'), token })).status).toBe(403);
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
    const created = JSON.parse((await cli('tokens', 'create', '--namespace', '*', '--scopes', 'publish', '--json')).stdout);
    expect((await cli('tokens', 'revoke', created.id)).code).toBe(0);
    const hub = await startHub();
    try {
      const res = await hub.request('POST', '/v0.1/publish', { body: serverJson(uniqueName(), '1.0.0'), token: created.token });
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
    expect(JSON.parse(first.stdout)).toMatchObject({ entries: 789, servers: 456, written: 783, skipped: 6, search: { model: expect.stringMatching(/^none/) } });
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
