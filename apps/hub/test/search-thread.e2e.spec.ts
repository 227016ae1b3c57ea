import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  FIXTURE_FILE,
  TEST_MODEL_DIR,
  childHubEnv,
  scratchStorage,
  enc,
  freePort,
  serverJson,
  testDbKind,
} from '../../../test/harness';

const MAIN = path.resolve(__dirname, '../dist/main.js');
const EVAL = path.resolve(__dirname, '../../search/eval/queries.json');

/**
 * The built Hub runs its in-memory search engine on a thread of its own. Run as a real process
 * over the fixture, it must answer exactly as the same Hub does with HUB_SEARCH_ENGINE=postgres,
 * and keep up with publishes.
 */
describe('search engine thread in the built Hub', () => {
  const token = `thread-admin-${randomBytes(12).toString('hex')}`;
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    ({ env, cleanup } = await scratchStorage('hub-thread-'));
  });
  afterAll(async () => {
    await stop();
    await cleanup();
  });

  async function stop(): Promise<void> {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    await exited;
  }

  async function start(
    extra: Record<string, string> = {},
  ): Promise<{ url: string; health: { checks: { search: { engine: string } } } }> {
    const port = await freePort();
    child = spawn(process.execPath, [MAIN], {
      env: {
        ...childHubEnv(port, token, env),
        HUB_SEED_FILE: FIXTURE_FILE,
        HUB_EMBEDDINGS_MODEL_DIR: TEST_MODEL_DIR,
        ...extra,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) throw new Error(`hub exited with ${child.exitCode}`);
      type Health = {
        checks: { embeddings: { status: string }; search: { pending: number; documents: number; engine: string } };
      };
      const z = (await fetch(`${url}/healthz`).then(
        (r) => r.json(),
        () => undefined,
      )) as Health | undefined;
      if (z?.checks?.embeddings?.status === 'ok' && z.checks.search.pending === 0 && z.checks.search.documents > 400)
        return { url, health: z };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('hub did not finish indexing');
  }

  it('answers as Postgres answers, from its own thread, and indexes a publish', async () => {
    const queries = (JSON.parse(fs.readFileSync(EVAL, 'utf8')) as { queries: { query: string }[] }).queries
      .slice(0, 40)
      .map((q) => q.query);
    const variants = [
      ...queries.map((q) => `q=${enc(q)}`),
      'q=filesytem',
      'q=postg',
      'q=server&registryType=npm&hasRemote=false',
      'registryType=oci',
    ];
    // Vectors are searched in memory under both engines only where the database has no pgvector.
    const modes = testDbKind() === 'postgres' ? ['text', 'hybrid', 'semantic'] : ['text'];
    const answers = async (url: string) => {
      const out: unknown[] = [];
      for (const mode of modes) {
        for (const v of variants) {
          if (mode === 'semantic' && !v.startsWith('q=')) continue;
          const res = await fetch(`${url}/api/v1/search?${v}&mode=${mode}&limit=20`);
          expect(res.status).toBe(200);
          out.push({ v, mode, body: await res.json() });
        }
      }
      return out;
    };

    const threaded = await start();
    expect(threaded.health.checks.search.engine).toBe('memory (own thread)');
    const fromThread = await answers(threaded.url);
    await stop();

    const onPostgres = await start({ HUB_SEARCH_ENGINE: 'postgres' });
    expect(onPostgres.health.checks.search.engine).toBe('postgres');
    const fromPostgres = await answers(onPostgres.url);
    await stop();

    expect(fromThread.length).toBe(fromPostgres.length);
    for (let i = 0; i < fromThread.length; i++) expect(fromThread[i]).toEqual(fromPostgres[i]);
    expect(fromThread.filter((a) => (a as { body: { total: number } }).body.total > 0).length).toBeGreaterThan(
      fromThread.length * 0.8,
    );

    const { url } = await start();
    // A publish reaches the thread's index.
    const word = `threadword${randomBytes(4).toString('hex')}`;
    const name = `io.github.thread/${word}`;
    const published = await fetch(`${url}/v0.1/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(serverJson(name, '1.0.0', { description: `A server to find by ${word}` })),
    });
    expect(published.status).toBe(200);
    let found: { total: number; results: { name: string }[] } | undefined;
    for (let i = 0; i < 100 && !found?.total; i++) {
      found = (await fetch(`${url}/api/v1/search?q=${word}`).then((r) => r.json())) as typeof found;
      if (!found?.total) await new Promise((r) => setTimeout(r, 50));
    }
    expect(found!.results.map((r) => r.name)).toEqual([name]);
  }, 180_000);
});
