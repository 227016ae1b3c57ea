import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { deleteKeys, Probe, REDIS_URL, redisReachable, settle, uniquePrefix } from '../test/helpers';
import { describeWorkQueueContract } from '../test/work-queue.contract';
import { BullMqWorkQueue, bullPrefix, type BullMqWorkQueueOptions } from './bullmq-work-queue';
import { createWorkQueue } from './create-work-queue';
import type { WorkQueueOptions } from './work-queue';

const reachable = redisReachable();
if (!reachable) {
  // Skipped, loudly: these suites need the local Redis (always running here and in CI).
  console.warn(`BullMqWorkQueue suites SKIPPED: Redis is not reachable at ${REDIS_URL}`);
}
const describeRedis = reachable ? describe : describe.skip;

/** One prefix for the whole file, all keys deleted at the end; every queue gets its own name. */
const PREFIX = uniquePrefix();
let queueCount = 0;
const uniqueName = () => `q${++queueCount}`;

afterAll(async () => {
  if (reachable) await deleteKeys(PREFIX);
});

describeRedis('BullMQ on the local Redis', () => {
  describeWorkQueueContract(
    'BullMqWorkQueue',
    () =>
      <T>(opts: Partial<WorkQueueOptions> = {}) =>
        new BullMqWorkQueue<T>({
          name: uniqueName(),
          concurrency: 1,
          redisUrl: REDIS_URL,
          prefix: PREFIX,
          stalledMs: 2_000,
          ...opts,
        }),
  );

  describe('BullMqWorkQueue', () => {
    const queues: BullMqWorkQueue<unknown>[] = [];
    const make = <T>(opts: Partial<BullMqWorkQueueOptions> = {}): BullMqWorkQueue<T> => {
      const q = new BullMqWorkQueue<T>({
        name: uniqueName(),
        concurrency: 1,
        backoffMs: 5,
        redisUrl: REDIS_URL,
        prefix: PREFIX,
        stalledMs: 2_000,
        ...opts,
      });
      queues.push(q as BullMqWorkQueue<unknown>);
      return q;
    };
    let child: ChildProcess | undefined;
    afterEach(async () => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      child = undefined;
      await Promise.all(queues.splice(0).map((q) => q.close()));
    });

    it('is what createWorkQueue gives with a Redis URL', async () => {
      const q = createWorkQueue<number>({ name: uniqueName(), concurrency: 1, redisUrl: REDIS_URL, prefix: PREFIX });
      queues.push(q as BullMqWorkQueue<unknown>);
      expect(q).toBeInstanceOf(BullMqWorkQueue);
    });

    it("keeps its keys under the Hub's prefix, with readable encoded ids", async () => {
      expect(bullPrefix('mcp-hub:')).toBe('mcp-hub:bull');
      expect(bullPrefix('mcp-hub')).toBe('mcp-hub:bull');
      expect(bullPrefix(undefined)).toBe('bull');
      const q = make<number>();
      await q.add('inspect:io.github.acme/weather@1.2.0', 1);
      const redis = new Redis(REDIS_URL);
      try {
        const keys = await redis.keys(`${PREFIX}bull:${q.name}:*`);
        expect(keys).toContain(`${PREFIX}bull:${q.name}:inspect%3Aio.github.acme/weather@1.2.0`);
      } finally {
        await redis.quit();
      }
    });

    it('keeps jobs in Redis: waiting jobs left at close() run on the next instance', async () => {
      const first = make<number>();
      await first.addMany([
        { id: 'a', data: 1 },
        { id: 'b', data: 2 },
      ]);
      await first.close();
      const next = make<number>({ name: first.name });
      expect(await next.counts()).toEqual({ waiting: 2, active: 0, delayed: 0, failed: 0 });
      const probe = new Probe<number>();
      next.process(probe.handler);
      await next.idle();
      expect(probe.runs.map((r) => [r.id, r.data])).toEqual([
        ['a', 1],
        ['b', 2],
      ]);
    });

    it('is idempotent across instances (processes) sharing the queue', async () => {
      const one = make<number>();
      const other = make<number>({ name: one.name });
      await one.add('inspect:x/y@1', 1);
      await other.add('inspect:x/y@1', 2);
      await other.addMany([{ id: 'inspect:x/y@1', data: 3 }]);
      expect(await one.counts()).toEqual({ waiting: 1, active: 0, delayed: 0, failed: 0 });
    });

    it('splits the work between two workers, each within its concurrency', async () => {
      const one = make<number>({ concurrency: 2 });
      const other = make<number>({ name: one.name, concurrency: 2 });
      const a = new Probe<number>({ hold: true });
      const b = new Probe<number>({ hold: true });
      one.process(a.handler);
      other.process(b.handler);
      await one.addMany(Array.from({ length: 6 }, (_, n) => ({ id: `j${n}`, data: n })));
      await a.started(2);
      await b.started(2);
      await settle();
      expect(a.runs.length + b.runs.length).toBe(4);
      expect(await one.counts()).toMatchObject({ waiting: 2, active: 4 });
      a.releaseAll();
      b.releaseAll();
      await one.idle();
      expect([...a.ids(), ...b.ids()].sort()).toEqual(['j0', 'j1', 'j2', 'j3', 'j4', 'j5']);
      expect(Math.max(a.maxActive, b.maxActive)).toBe(2);
    });

    it('refuses add() with a clear error when Redis cannot be reached, and still closes', async () => {
      const port = await freePort();
      const errors: unknown[] = [];
      const q = make<number>({
        redisUrl: `redis://:secret@127.0.0.1:${port}`,
        onError: (err) => errors.push(err),
      });
      q.process(async () => undefined);
      const err = await q.add('a', 1).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err?.message).toMatch(new RegExp(`work queue '${q.name}': Redis at redis://:\\*\\*\\*@127.0.0.1:${port}`));
      expect(err?.message).toMatch(/unreachable \(.*ECONNREFUSED.*\); the job was not added/);
      expect(err?.message).not.toContain('secret');
      await q.close();
      expect(errors.length).toBeGreaterThan(0);
      expect(String(errors[0])).toMatch(/Redis/);
    });

    it('survives a Redis outage: add() rejects while it lasts, the worker resumes after', async () => {
      const proxy = await tcpProxy(new URL(REDIS_URL));
      const errors: unknown[] = [];
      try {
        const q = make<string>({ redisUrl: proxy.url, onError: (err) => errors.push(err) });
        const probe = new Probe<string>();
        q.process(probe.handler);
        await q.add('before', 'b');
        await q.idle();

        await proxy.cut();
        await expect(q.add('during', 'd')).rejects.toThrow(new RegExp(`work queue '${q.name}'.*Redis`));

        await proxy.restore();
        // The producer reconnects by itself (with backoff); until then add() keeps refusing.
        for (let tries = 0; ; tries++) {
          try {
            await q.add('after', 'a');
            break;
          } catch (err) {
            if (tries > 200) throw err;
            await settle(100);
          }
        }
        await probe.started(2);
        await q.idle();
        expect(probe.ids()).toEqual(['before', 'after']);
        expect(errors.length).toBeGreaterThan(0);
      } finally {
        await Promise.all(queues.splice(0).map((q) => q.close()));
        await proxy.close();
      }
    });

    it('runs a job again, exactly once more, after its worker process is killed with SIGKILL mid-job', async () => {
      const name = uniqueName();
      const id = 'inspect:io.github.acme/weather@1.2.0';
      const q = make<{ version: string }>({ name, stalledMs: 500 });
      await q.add(id, { version: '1.2.0' });

      child = spawn(process.execPath, [path.join(__dirname, '../test/fixtures/hanging-worker.cjs')], {
        env: { ...process.env, REDIS_URL, QUEUE_NAME: name, QUEUE_PREFIX: PREFIX, STALLED_MS: '1000' },
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const exited = once(child, 'exit');
      const lines = createInterface({ input: child.stdout! });
      const [line] = (await Promise.race([
        once(lines, 'line'),
        exited.then(([code]) => {
          throw new Error(`the worker process exited (${code}) before taking the job`);
        }),
      ])) as [string];
      expect(JSON.parse(line)).toEqual({ started: id, attempt: 1 });
      expect(await q.counts()).toEqual({ waiting: 0, active: 1, delayed: 0, failed: 0 });

      child.kill('SIGKILL');
      const [, signal] = await exited;
      expect(signal).toBe('SIGKILL');

      const probe = new Probe<{ version: string }>();
      q.process(probe.handler);
      await probe.started(1);
      await q.idle();
      expect(probe.runs).toEqual([{ id, data: { version: '1.2.0' }, attempt: 1 }]);
      expect(await q.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
      expect(await q.failed()).toEqual([]);
    });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A TCP proxy in front of Redis that a test can cut (connections dropped, port refused) and restore. */
async function tcpProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  await listen(0);
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(target.toString());
  url.host = `127.0.0.1:${port}`;
  return { url: url.toString(), cut: stop, restore: () => listen(port), close: stop };
}
