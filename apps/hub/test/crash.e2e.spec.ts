import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { childHubEnv, freePort, scratchStorage, serverJson } from '../../../test/harness';

const MAIN = path.resolve(__dirname, '../dist/main.js');
const OFFICIAL = 'io.modelcontextprotocol.registry/official';

/**
 * A publish is atomic even if the process dies mid-request: kill -9 the Hub while it is
 * publishing, start it again, and every server must be whole — each acknowledged version present
 * and unchanged, exactly one latest, no half-written rows.
 */
describe('crash safety of publish', () => {
  const token = `crash-admin-${randomBytes(12).toString('hex')}`;
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let child: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();

  beforeAll(async () => {
    ({ env, cleanup } = await scratchStorage('hub-crash-'));
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await cleanup();
  });

  async function start(): Promise<string> {
    const port = await freePort();
    child = spawn(process.execPath, [MAIN], {
      env: { ...childHubEnv(port, token, env), HUB_EMBEDDINGS: 'off' },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const proc = child;
    exited = new Promise((resolve) => proc.once('exit', resolve));
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 300; i++) {
      if (child.exitCode !== null) throw new Error(`hub exited with ${child.exitCode}`);
      const ok = await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return url;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('hub did not become healthy');
  }

  it('leaves every server whole after kill -9 during publishes', async () => {
    let url = await start();
    const names = Array.from({ length: 6 }, (_, i) => `io.github.crash/s${i}-${randomBytes(3).toString('hex')}`);
    const sent = new Map<string, Record<string, unknown>>();
    const acknowledged = new Set<string>();
    let stop = false;
    let n = 0;

    const worker = async () => {
      while (!stop) {
        const i = n++;
        const name = names[i % names.length]!;
        const version = `1.${Math.floor(i / names.length)}.0`;
        const doc = serverJson(name, version, {
          title: `v${i}`,
          _meta: { 'io.modelcontextprotocol.registry/publisher-provided': { i } },
        });
        sent.set(`${name}@${version}`, doc);
        const ok = await fetch(`${url}/v0.1/publish`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(doc),
        }).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok) acknowledged.add(`${name}@${version}`);
      }
    };
    const workers = Array.from({ length: 12 }, worker);
    // Let publishing get going, then kill the process without warning.
    while (acknowledged.size < 40) await new Promise((r) => setTimeout(r, 10));
    child!.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await exited;
    expect(acknowledged.size).toBeGreaterThanOrEqual(40);
    expect(sent.size).toBeGreaterThan(acknowledged.size); // some requests were cut off mid-flight

    url = await start();
    let stored = 0;
    for (const name of names) {
      const res = await fetch(`${url}/v0.1/servers/${encodeURIComponent(name)}/versions?include_deleted=true`);
      const body =
        res.status === 200
          ? ((await res.json()) as { servers: { server: Record<string, unknown>; _meta: any }[] })
          : { servers: [] };
      for (const entry of body.servers) {
        const key = `${name}@${entry.server.version as string}`;
        // Whatever made it in is exactly what was sent: no torn or partial documents.
        expect(entry.server).toEqual(sent.get(key));
        stored++;
      }
      const latest = body.servers.filter((e) => e._meta[OFFICIAL].isLatest);
      if (body.servers.length > 0) {
        expect(latest).toHaveLength(1);
        const highest = body.servers
          .map((e) => e.server.version as string)
          .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
          .pop();
        expect(latest[0]!.server.version).toBe(highest);
      }
    }
    for (const key of acknowledged) {
      const [name, version] = key.split('@') as [string, string];
      const res = await fetch(`${url}/v0.1/servers/${encodeURIComponent(name)}/versions/${version}`);
      expect({ key, status: res.status }).toEqual({ key, status: 200 });
    }
    expect(stored).toBeGreaterThanOrEqual(acknowledged.size);

    // And the restarted Hub keeps working: the next version publishes and becomes latest.
    const next = serverJson(names[0]!, '9.0.0');
    const res = await fetch(`${url}/v0.1/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(next),
    });
    expect(res.status).toBe(200);
    child!.kill('SIGTERM');
    await exited;
  }, 120_000);
});
