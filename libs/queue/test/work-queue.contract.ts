import type { FailedJob, WorkQueue, WorkQueueOptions } from '../src/work-queue';
import { deferred, Probe, settle } from './helpers';

/** Makes a queue that shares nothing with the others of the suite (its own name). */
export type MakeQueue = <T>(opts?: Partial<WorkQueueOptions>) => WorkQueue<T>;

const IDS = [
  'plain',
  'inspect:io.github.acme/weather@1.2.0',
  'a:b:c',
  // Would be the encoding of 'a:b' if '%' were not escaped too.
  'a%3Ab',
  'a:b',
  '%',
  '123',
  '-7',
  '@scope/pkg@^1.0.0',
  'ünï cödé ✓ 🚀',
  'x'.repeat(300),
];

/**
 * The behaviour every WorkQueue implementation owes its users, run against each of them.
 * `make` builds a fresh queue; the suite closes every queue it made after each test.
 */
export function describeWorkQueueContract(label: string, makeQueue: () => MakeQueue): void {
  describe(`${label} (work queue contract)`, () => {
    const queues: WorkQueue<unknown>[] = [];
    const make = <T>(opts: Partial<WorkQueueOptions> = {}): WorkQueue<T> => {
      // A short close timeout, so that a failing test holding a job does not hang its clean-up.
      const q = makeQueue()<T>({ backoffMs: 5, closeTimeoutMs: 5_000, ...opts });
      queues.push(q as WorkQueue<unknown>);
      return q;
    };
    afterEach(async () => {
      await Promise.all(queues.splice(0).map((q) => q.close()));
    });

    it('runs every job once with its id, data and attempt 1, whatever characters the id holds', async () => {
      const q = make<{ n: number }>({ concurrency: 3 });
      await q.addMany(IDS.map((id, n) => ({ id, data: { n } })));
      const probe = new Probe<{ n: number }>();
      q.process(probe.handler);
      await q.idle();
      expect([...probe.ids()].sort()).toEqual([...IDS].sort());
      for (const run of probe.runs) {
        expect(run.data).toEqual({ n: IDS.indexOf(run.id) });
        expect(run.attempt).toBe(1);
      }
      expect(await q.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    });

    it('adds a waiting job once, however often its id is added (the first data wins)', async () => {
      const q = make<number>({ concurrency: 1 });
      await q.add('a', 1);
      await q.add('a', 2);
      await q.addMany([
        { id: 'a', data: 3 },
        { id: 'b', data: 1 },
        { id: 'b', data: 2 },
      ]);
      expect(await q.counts()).toEqual({ waiting: 2, active: 0, delayed: 0, failed: 0 });
      const probe = new Probe<number>();
      q.process(probe.handler);
      await q.idle();
      expect(probe.runs.map((r) => [r.id, r.data])).toEqual([
        ['a', 1],
        ['b', 1],
      ]);
    });

    it('does not add a job again while it is active', async () => {
      const q = make<string>({ concurrency: 2 });
      const probe = new Probe<string>({ hold: true });
      q.process(probe.handler);
      await q.add('inspect:x/y@1', 'first');
      await probe.started(1);
      await q.add('inspect:x/y@1', 'second');
      expect(await q.counts()).toEqual({ waiting: 0, active: 1, delayed: 0, failed: 0 });
      probe.releaseAll();
      await q.idle();
      expect(probe.runs.map((r) => r.data)).toEqual(['first']);
    });

    it('does not add a job again while it waits out a retry backoff', async () => {
      // The backoff is long only so that the test can look at the delayed job before it is due.
      const q = make<string>({ concurrency: 1, attempts: 2, backoffMs: 2_000 });
      const failedOnce = deferred();
      const probe = new Probe<string>({
        behaviour: (_, run) => {
          if (run === 0) {
            failedOnce.resolve();
            throw new Error('first attempt fails');
          }
        },
      });
      q.process(probe.handler);
      await q.add('a', 'first');
      await failedOnce.promise;
      while ((await q.counts()).delayed === 0) await settle(20);
      await q.add('a', 'second');
      expect(await q.counts()).toEqual({ waiting: 0, active: 0, delayed: 1, failed: 0 });
      await q.idle();
      expect(probe.runs.map((r) => [r.data, r.attempt])).toEqual([
        ['first', 1],
        ['first', 2],
      ]);
    });

    it('never runs more than `concurrency` handlers at once', async () => {
      const q = make<number>({ concurrency: 2 });
      await q.addMany([1, 2, 3, 4, 5].map((n) => ({ id: `job-${n}`, data: n })));
      const probe = new Probe<number>({ hold: true });
      q.process(probe.handler);
      await probe.started(2);
      await settle();
      expect(probe.runs).toHaveLength(2);
      expect(await q.counts()).toEqual({ waiting: 3, active: 2, delayed: 0, failed: 0 });

      probe.release(0);
      await probe.started(3);
      await settle();
      expect(probe.runs).toHaveLength(3);
      expect(probe.active).toBe(2);

      probe.releaseAll();
      await q.idle();
      expect(probe.runs).toHaveLength(5);
      expect(probe.maxActive).toBe(2);
    });

    it('retries a throwing job with backoff up to `attempts`, then keeps it in the failed view', async () => {
      const reported: FailedJob<unknown>[] = [];
      const failedReported = deferred();
      const q = make<{ v: string }>({
        concurrency: 1,
        attempts: 3,
        onFailed: (job) => {
          reported.push(job);
          failedReported.resolve();
        },
      });
      const probe = new Probe<{ v: string }>({
        behaviour: (job) => {
          throw new Error(`boom ${job.attempt}`);
        },
      });
      q.process(probe.handler);
      const before = new Date();
      await q.add('inspect:io.github.acme/weather@1.2.0', { v: '1.2.0' });
      await failedReported.promise;
      await q.idle();

      expect(probe.runs.map((r) => r.attempt)).toEqual([1, 2, 3]);
      const failed = await q.failed();
      expect(failed).toEqual([
        {
          id: 'inspect:io.github.acme/weather@1.2.0',
          data: { v: '1.2.0' },
          reason: 'boom 3',
          attempts: 3,
          failedAt: expect.any(Date),
        },
      ]);
      expect(failed[0]!.failedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
      expect(reported).toEqual(failed);
      expect(await q.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 1 });
    });

    it('does not fail a job that succeeds on a retry (3 attempts by default)', async () => {
      const onFailed = jest.fn();
      const q = make<string>({ concurrency: 1, onFailed });
      const probe = new Probe<string>({
        behaviour: (job) => {
          if (job.attempt < 3) throw new Error('not yet');
        },
      });
      q.process(probe.handler);
      await q.add('flaky', 'data');
      await q.idle();
      expect(probe.runs.map((r) => [r.id, r.data, r.attempt])).toEqual([
        ['flaky', 'data', 1],
        ['flaky', 'data', 2],
        ['flaky', 'data', 3],
      ]);
      expect(await q.failed()).toEqual([]);
      expect(onFailed).not.toHaveBeenCalled();
    });

    it('fails at the first error with attempts: 1, whatever was thrown, synchronously or not', async () => {
      const failedReported = deferred();
      let reports = 0;
      const q = make<number>({
        concurrency: 2,
        attempts: 1,
        onFailed: () => {
          if (++reports === 2) failedReported.resolve();
        },
      });
      q.process(((job: { id: string }) => {
        if (job.id === 'sync') throw new Error('thrown synchronously');
        return Promise.reject('a plain string');
      }) as never);
      await q.addMany([
        { id: 'sync', data: 1 },
        { id: 'string', data: 2 },
      ]);
      await failedReported.promise;
      await q.idle();
      const failed = await q.failed();
      expect(failed.map((f) => [f.id, f.reason, f.attempts]).sort()).toEqual([
        ['string', 'a plain string', 1],
        ['sync', 'thrown synchronously', 1],
      ]);
    });

    it('lists failed jobs newest first, up to the limit asked', async () => {
      let reports = 0;
      const allFailed = deferred();
      const q = make<number>({
        concurrency: 1,
        attempts: 1,
        onFailed: () => {
          if (++reports === 3) allFailed.resolve();
        },
      });
      q.process(async (job) => {
        throw new Error(`no ${job.data}`);
      });
      await q.add('f1', 1);
      await q.idle();
      await q.add('f2', 2);
      await q.idle();
      await q.add('f3', 3);
      await allFailed.promise;
      await q.idle();
      expect((await q.failed()).map((f) => f.id)).toEqual(['f3', 'f2', 'f1']);
      expect((await q.failed(2)).map((f) => f.id)).toEqual(['f3', 'f2']);
      expect(await q.failed(0)).toEqual([]);
    });

    it('runs a failed job again when its id is added again, from attempt 1 and with the new data', async () => {
      const failedReported = deferred();
      const q = make<string>({ concurrency: 1, attempts: 2, onFailed: () => failedReported.resolve() });
      let broken = true;
      const probe = new Probe<string>({
        behaviour: () => {
          if (broken) throw new Error('registry unreachable');
        },
      });
      q.process(probe.handler);
      await q.add('inspect:a/b@1', 'old');
      await failedReported.promise;
      await q.idle();
      expect(await q.counts()).toMatchObject({ failed: 1 });

      broken = false;
      await q.add('inspect:a/b@1', 'new');
      await q.idle();
      expect(probe.runs.map((r) => [r.data, r.attempt])).toEqual([
        ['old', 1],
        ['old', 2],
        ['new', 1],
      ]);
      expect(await q.failed()).toEqual([]);
      expect(await q.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    });

    it('runs a completed job again when its id is added again', async () => {
      const q = make<number>({ concurrency: 1 });
      const probe = new Probe<number>();
      q.process(probe.handler);
      await q.add('inspect:a/b@1', 1);
      await q.idle();
      await q.add('inspect:a/b@1', 2);
      await q.idle();
      expect(probe.runs.map((r) => [r.id, r.data, r.attempt])).toEqual([
        ['inspect:a/b@1', 1, 1],
        ['inspect:a/b@1', 2, 1],
      ]);
    });

    it('resolves idle() at once when empty, and otherwise only once every job and retry is done', async () => {
      const q = make<number>({ concurrency: 1, attempts: 2 });
      await q.idle();

      const probe = new Probe<number>({
        hold: true,
        behaviour: (job) => {
          if (job.id === 'retried' && job.attempt === 1) throw new Error('once');
        },
      });
      await q.addMany([
        { id: 'retried', data: 1 },
        { id: 'other', data: 2 },
      ]);
      let runsAtIdle: number | undefined;
      const idle = q.idle().then(() => (runsAtIdle = probe.runs.length));
      q.process(probe.handler);
      await probe.started(1);
      await settle();
      expect(runsAtIdle).toBeUndefined();
      probe.releaseAll();
      await idle;
      expect(runsAtIdle).toBe(3);
      expect(probe.runs.map((r) => [r.id, r.attempt]).sort()).toEqual([
        ['other', 1],
        ['retried', 1],
        ['retried', 2],
      ]);
    });

    it('close() waits for the running job, starts no other, and refuses new jobs', async () => {
      const q = make<string>({ concurrency: 1 });
      const probe = new Probe<string>({ hold: true });
      q.process(probe.handler);
      await q.addMany([
        { id: 'a', data: 'a' },
        { id: 'b', data: 'b' },
      ]);
      await probe.started(1);
      let closed = false;
      const closing = q.close().then(() => (closed = true));
      await settle();
      expect(closed).toBe(false);
      expect(probe.active).toBe(1);

      probe.releaseAll();
      await closing;
      expect(probe.active).toBe(0);
      await settle();
      expect(probe.ids()).toEqual(['a']);
      await expect(q.add('c', 'c')).rejects.toThrow(/closed/);
      await q.idle();
      await q.close();
    });

    it('refuses an empty id or data without a JSON form, adding nothing of the batch', async () => {
      const q = make<unknown>({ concurrency: 1 });
      await expect(
        q.addMany([
          { id: 'fine', data: 1 },
          { id: '', data: 2 },
        ]),
      ).rejects.toThrow(/non-empty/);
      await expect(q.add('big', { n: BigInt(1) })).rejects.toThrow(/JSON/);
      expect(await q.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    });

    it('hands the handler a JSON copy of the data', async () => {
      const q = make<{ at: Date | string; nested: { list: number[] } }>({ concurrency: 1, attempts: 2 });
      const data = { at: new Date('2025-01-02T03:04:05.000Z'), nested: { list: [1, 2] } };
      const probe = new Probe<{ at: Date | string; nested: { list: number[] } }>({
        behaviour: (job) => {
          if (job.attempt === 1) {
            job.data.nested.list.push(3);
            throw new Error('retry me');
          }
        },
      });
      q.process(probe.handler);
      await q.add('d', data);
      data.nested.list.push(99);
      await q.idle();
      expect(probe.runs[1]!.data).toEqual({ at: '2025-01-02T03:04:05.000Z', nested: { list: [1, 2] } });
    });

    it('accepts one handler only', async () => {
      const q = make<number>({ concurrency: 1 });
      q.process(async () => undefined);
      expect(() => q.process(async () => undefined)).toThrow(/already/);
    });
  });
}
