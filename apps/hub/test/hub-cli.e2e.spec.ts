import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type TestHub, createScratchDatabase, createTestHub, enc, serverJson, testDbKind, uniqueName } from '../../../test/harness';

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
