import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, scratchStorage } from '../../../test/harness';

const ROOT = path.resolve(__dirname, '../../..');

/** The environment of a Hub started on `port` (its web site on `webPort`), hermetic: no upstream registry or model hub to reach from a test. */
const hubEnv = (port: number, webPort: number, storage: Record<string, string>) => ({
  PATH: process.env.PATH ?? '',
  PORT: String(port),
  WEB_PORT: String(webPort),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'error',
  HUB_UPSTREAM_URL: 'off',
  HUB_EMBEDDINGS: 'off',
  ...storage,
});

/** Each deployable boots on its own, answers the official API, and stops cleanly on SIGTERM. */
describe.each([
  ['hub', 'apps/hub/dist/main.js'],
  ['gateway', 'apps/gateway/dist/server.js'],
  ['registry', 'apps/registry/dist/server.js'],
])('the %s entrypoint', (_name, entry) => {
  it('serves /v0.1 and exits 0 on SIGTERM', async () => {
    const storage = await scratchStorage('hub-entry-');
    const port = await freePort();
    const webPort = await freePort();
    const child = spawn(process.execPath, [path.join(ROOT, entry)], {
      env: hubEnv(port, webPort, storage.env),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = `http://127.0.0.1:${port}`;
      let healthy = false;
      for (let i = 0; i < 300 && !healthy && child.exitCode === null; i++) {
        healthy = await fetch(`${url}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (!healthy) await new Promise((r) => setTimeout(r, 100));
      }
      expect({ healthy, stderr }).toEqual({ healthy: true, stderr: '' });
      const list = await fetch(`${url}/v0.1/servers`);
      expect(list.status).toBe(200);
      expect(await list.json()).toEqual({ servers: [], metadata: { count: 0 } });
      // SIGTERM right away: while the hub may still be starting its web site child, it must wait
      // for that start, then stop both and exit 0, leaving no site behind.
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      if (entry === 'apps/hub/dist/main.js') {
        expect(
          await fetch(`http://127.0.0.1:${webPort}/robots.txt`).then(
            () => 'answering',
            () => 'gone',
          ),
        ).toBe('gone');
      }
    } finally {
      child.kill('SIGKILL');
      await storage.cleanup();
    }
  }, 60_000);
});

describe('the runtime entrypoint', () => {
  it('serves the runtime API, runs its worker, and exits 0 on SIGTERM', async () => {
    const storage = await scratchStorage('hub-entry-rt-');
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(ROOT, 'apps/runtime/dist/server.js')], {
      env: { ...hubEnv(port, await freePort(), storage.env), HUB_RUNTIME: 'on' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = `http://127.0.0.1:${port}`;
      let health: { checks?: Record<string, { status: string; sandbox?: string }> } | undefined;
      // Until the worker's trial run of bubblewrap is done, /healthz says the sandbox is being detected.
      for (let i = 0; i < 300 && child.exitCode === null; i++) {
        health = await fetch(`${url}/healthz`).then(
          (r) => (r.ok ? (r.json() as Promise<typeof health>) : undefined),
          () => undefined,
        );
        if (health && health.checks?.runtime?.sandbox !== 'detecting') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect({ stderr, runtime: health?.checks?.runtime }).toEqual({
        stderr: '',
        runtime: expect.objectContaining({ status: 'ok', sandbox: 'bwrap' }),
      });
      const caps = await fetch(`${url}/api/v1/capabilities`);
      expect(caps.status).toBe(200);
      expect(await caps.json()).toEqual({ items: [] });
      // The registry's routes are not this process's.
      expect((await fetch(`${url}/v0.1/servers`)).status).toBe(404);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await storage.cleanup();
    }
  }, 60_000);
});

describe('the hub killed outright (kill -9)', () => {
  it('takes its web site with it: nothing is left holding WEB_PORT', async () => {
    const storage = await scratchStorage('hub-kill-');
    const port = await freePort();
    const webPort = await freePort();
    const child = spawn(process.execPath, [path.join(ROOT, 'apps/hub/dist/main.js')], {
      env: hubEnv(port, webPort, storage.env),
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const answers = () =>
      fetch(`http://127.0.0.1:${webPort}/robots.txt`).then(
        (r) => r.ok,
        () => false,
      );
    try {
      let up = false;
      for (let i = 0; i < 600 && !up && child.exitCode === null; i++) {
        up = await answers();
        if (!up) await new Promise((r) => setTimeout(r, 100));
      }
      expect(up).toBe(true);
      child.kill('SIGKILL');
      await exited;
      let gone = false;
      for (let i = 0; i < 100 && !gone; i++) {
        gone = !(await answers());
        if (!gone) await new Promise((r) => setTimeout(r, 100));
      }
      expect(gone).toBe(true);
    } finally {
      child.kill('SIGKILL');
      await storage.cleanup();
    }
  }, 90_000);
});

/** Starts the built Hub (API only), waits for /healthz, and returns its whole log so far with the health report. */
async function bootLog(env: Record<string, string>): Promise<{ log: string; health: any }> {
  const storage = await scratchStorage('hub-log-');
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'apps/hub/dist/main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      HUB_WEB: 'off',
      HUB_UPSTREAM_URL: 'off',
      ...storage.env,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    // The last line of a start: the Hub is listening, and the embedder has settled (loaded or given up).
    let health: any;
    for (let i = 0; i < 300 && child.exitCode === null; i++) {
      health = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.json(),
        () => undefined,
      );
      if (health && /listening on/.test(log) && health.checks?.embeddings?.state !== 'loading') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect({ exitCode: child.exitCode, listening: /listening on/.test(log) }).toEqual({
      exitCode: null,
      listening: true,
    });
    return { log, health };
  } finally {
    child.kill('SIGTERM');
    await exited;
    await storage.cleanup();
  }
}

describe('the boot log', () => {
  it("keeps Nest's module and route mapping lines at debug: a start at the default level says what matters only", async () => {
    const { log } = await bootLog({ HUB_EMBEDDINGS: 'off' });
    expect(log).not.toMatch(/Mapped \{/);
    expect(log).not.toMatch(/RoutesResolver|RouterExplorer|InstanceLoader/);
    expect(log).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(log).toMatch(/embeddings are turned off \(HUB_EMBEDDINGS=off\); search runs in text mode/);
    expect(log.trim().split('\n').length).toBeLessThan(15);
  }, 60_000);

  it('still has them at LOG_LEVEL=debug', async () => {
    const { log } = await bootLog({ HUB_EMBEDDINGS: 'off', LOG_LEVEL: 'debug' });
    expect(log).toMatch(/\[RouterExplorer\].*Mapped \{\/v0\.1\/servers, GET\} route/);
  }, 60_000);

  it('says when semantic search is unavailable and why, and so does /healthz', async () => {
    const notAModel = fs.mkdtempSync(path.join(os.tmpdir(), 'not-a-model-'));
    try {
      const { log, health } = await bootLog({ HUB_EMBEDDINGS_MODEL_DIR: notAModel });
      const reason = new RegExp(
        `could not load the model in ${notAModel}: .*\\. Search (runs|works) in text mode; set HUB_EMBEDDINGS_MODEL_DIR to a transformers\\.js model folder, or HUB_EMBEDDINGS_URL`,
      );
      expect(log).toMatch(reason);
      expect(health.checks.embeddings).toMatchObject({
        status: 'degraded',
        mode: 'text',
        detail: expect.stringMatching(reason),
      });
    } finally {
      fs.rmSync(notAModel, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('a bad setting', () => {
  it('stops boot with a message naming the variable', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'apps/hub/dist/main.js')], {
      env: { PATH: process.env.PATH ?? '', PORT: 'eighty', DATABASE_URL: 'mysql://nope' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/PORT: must be a port number/);
    expect(stderr).toMatch(/DATABASE_URL: must be a postgres:\/\//);
  });
});
