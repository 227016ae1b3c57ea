import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { openDatabase, rowsOf } from '@mcp-hub/db';
import { sql } from 'drizzle-orm';
import { childHubEnv, eventually, freePort, scratchStorage, serverJson, uniqueName } from '../../../test/harness';
import { type FixtureServer, startStreamableServer } from './fixtures/remotes/servers';

const MAIN = path.resolve(__dirname, '../../hub/dist/main.js');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A remote whose first request is held forever (the first inspection hangs mid-session until its
 * worker dies); later requests pass through to a real SDK server.
 */
async function holdFirstRequest(
  target: FixtureServer,
): Promise<{ url: string; held: Promise<void>; seen: () => number; close(): Promise<void> }> {
  let seen = 0;
  let heldNow!: () => void;
  const held = new Promise<void>((r) => (heldNow = r));
  const server: Server = createServer((req, res) => {
    seen++;
    if (seen === 1) {
      req.resume();
      heldNow();
      return;
    }
    const up = request(
      { host: '127.0.0.1', port: target.port, path: req.url, method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    held,
    seen: () => seen,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * kill -9 of the worker mid-inspection: after a restart the job runs again and leaves exactly one
 * result — with BullMQ on Redis (the stalled job is taken over) and with the in-process queue
 * (the job is lost with the process; the reconciler queues the version again at boot).
 */
describe.each([
  ['BullMQ on Redis', true],
  ['the in-process queue', false],
])('runtime worker killed mid-inspection (%s)', (_label, withRedis) => {
  const token = `rt-crash-${randomBytes(12).toString('hex')}`;
  const prefix = `hub-test-${randomBytes(4).toString('hex')}:`;
  let storage: { env: Record<string, string>; cleanup(): Promise<void> };
  let child: ChildProcess | undefined;
  let real: FixtureServer;
  let front: Awaited<ReturnType<typeof holdFirstRequest>>;

  beforeAll(async () => {
    storage = await scratchStorage('hub-rt-crash-');
    real = await startStreamableServer();
    front = await holdFirstRequest(real);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await front?.close();
    await real?.close();
    await storage?.cleanup();
  });

  async function start(): Promise<string> {
    const port = await freePort();
    child = spawn(process.execPath, [MAIN], {
      env: {
        ...childHubEnv(port, token, storage.env),
        HUB_EMBEDDINGS: 'off',
        HUB_RUNTIME: 'on',
        HUB_RUNTIME_ALLOW_PRIVATE_NETWORKS: '1',
        HUB_RUNTIME_TIMEOUT: '10m',
        HUB_HEALTH_INTERVAL: '1d',
        HUB_QUEUE_STALLED: '2s',
        ...(withRedis ? { REDIS_URL, REDIS_KEY_PREFIX: prefix } : {}),
      },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const url = `http://127.0.0.1:${port}`;
    await eventually(
      async () => {
        if (child?.exitCode !== null) throw new Error(`hub exited with ${child?.exitCode}`);
        return fetch(`${url}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
      },
      60_000,
      'the Hub to start',
    );
    return url;
  }

  it('runs the job again after restart and leaves exactly one result', async () => {
    let url = await start();
    const name = uniqueName('io.github.crash');
    const body = serverJson(name, '1.0.0', {
      packages: undefined,
      remotes: [{ type: 'streamable-http', url: front.url }],
    });
    const res = await fetch(`${url}/v0.1/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    // The inspection is under way (its first request is held): kill the worker without warning.
    await front.held;
    const dead = child!;
    const exited = new Promise((r) => dead.once('exit', r));
    dead.kill('SIGKILL');
    await exited;

    url = await start();
    const caps = await eventually(
      async () => {
        const r = await fetch(`${url}/api/v1/servers/${encodeURIComponent(name)}/versions/latest/capabilities`);
        const b = (await r.json()) as { status: string };
        return b.status !== 'pending' && b;
      },
      60_000,
      'the inspection to run again',
    );
    expect(caps).toMatchObject({
      status: 'ok',
      transport: 'streamable-http',
      tools: [expect.objectContaining({ name: 'echo' })],
    });
    // The remote was reached again after the restart (the held request, then the new session's).
    expect(front.seen()).toBeGreaterThan(1);
    const jobs = await fetch(`${url}/api/v1/runtime/jobs`, { headers: { authorization: `Bearer ${token}` } });
    const inspect = ((await jobs.json()) as { queues: { name: string; failed: unknown[] }[] }).queues.find(
      (q) => q.name === 'runtime-inspect',
    );
    expect(inspect?.failed).toEqual([]);

    // Stop the Hub, then read what is stored: one row, written by one run.
    const last = child!;
    const gone = new Promise((r) => last.once('exit', r));
    last.kill('SIGTERM');
    await gone;
    child = undefined;
    const db = await openDatabase(
      storage.env.DATABASE_URL
        ? { kind: 'postgres', url: storage.env.DATABASE_URL }
        : { kind: 'pglite', dataDir: path.join(storage.env.HUB_DATA_DIR!, 'pglite') },
    );
    try {
      const rows = await db.db.execute(
        sql`select source, status, attempts from capabilities where server_name = ${name}`,
      );
      expect(rowsOf(rows)).toEqual([{ source: 'inspected', status: 'ok', attempts: 1 }]);
    } finally {
      await db.close();
    }
  }, 180_000);
});
