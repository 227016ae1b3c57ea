import { describeWorkQueueContract } from '../test/work-queue.contract';
import { Probe, settle } from '../test/helpers';
import { createWorkQueue } from './create-work-queue';
import { InProcessWorkQueue } from './in-process-work-queue';
import type { WorkQueueOptions } from './work-queue';

describeWorkQueueContract(
  'InProcessWorkQueue',
  () =>
    <T>(opts: Partial<WorkQueueOptions> = {}) =>
      new InProcessWorkQueue<T>({ name: 'test', concurrency: 1, ...opts }),
);

describe('InProcessWorkQueue', () => {
  it('is what createWorkQueue gives without a Redis URL', async () => {
    const q = createWorkQueue<number>({ name: 'runtime-inspect', concurrency: 2 });
    expect(q).toBeInstanceOf(InProcessWorkQueue);
    expect(q.name).toBe('runtime-inspect');
    await q.close();
  });

  it('refuses options that cannot work', () => {
    expect(() => new InProcessWorkQueue({ name: 'has:colon', concurrency: 1 })).toThrow(/name/);
    expect(() => new InProcessWorkQueue({ name: '', concurrency: 1 })).toThrow(/name/);
    expect(() => new InProcessWorkQueue({ name: 'q', concurrency: 0 })).toThrow(/concurrency/);
    expect(() => new InProcessWorkQueue({ name: 'q', concurrency: 1.5 })).toThrow(/concurrency/);
    expect(() => new InProcessWorkQueue({ name: 'q', concurrency: 1, attempts: 0 })).toThrow(/attempts/);
  });

  it('drops waiting and delayed jobs on close (the owner re-enqueues them), and lets no timer run', async () => {
    const q = new InProcessWorkQueue<string>({ name: 'q', concurrency: 1, attempts: 2, backoffMs: 50 });
    const probe = new Probe<string>({
      behaviour: (job) => {
        if (job.id === 'retried') throw new Error('once');
      },
    });
    q.process(probe.handler);
    await q.add('retried', 'r');
    while ((await q.counts()).delayed === 0) await settle(5);
    await q.add('waiting-behind-nothing', 'w');
    await q.close();
    await settle(200);
    expect(await q.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    expect(probe.runs.map((r) => [r.id, r.attempt])).toEqual([
      ['retried', 1],
      ['waiting-behind-nothing', 1],
    ]);
  });

  it('stops waiting for a handler that outlives closeTimeoutMs', async () => {
    const q = new InProcessWorkQueue<string>({ name: 'q', concurrency: 1, closeTimeoutMs: 50 });
    const probe = new Probe<string>({ hold: true });
    q.process(probe.handler);
    await q.add('stuck', 's');
    await probe.started(1);
    await q.close();
    expect(probe.active).toBe(1);
    probe.releaseAll();
  });

  it('keeps the newest 1000 failed jobs', async () => {
    const q = new InProcessWorkQueue<number>({ name: 'q', concurrency: 8, attempts: 1 });
    q.process(async () => {
      throw new Error('no');
    });
    await q.addMany(Array.from({ length: 1005 }, (_, n) => ({ id: `f${n}`, data: n })));
    await q.idle();
    expect((await q.counts()).failed).toBe(1000);
    const failed = await q.failed(2000);
    expect(failed).toHaveLength(1000);
    expect(failed[0]!.id).toBe('f1004');
    expect(failed.at(-1)!.id).toBe('f5');
  });

  it('reports an onFailed callback that throws through onError and carries on', async () => {
    const errors: unknown[] = [];
    const q = new InProcessWorkQueue<number>({
      name: 'q',
      concurrency: 1,
      attempts: 1,
      onFailed: () => {
        throw new Error('logger broke');
      },
      onError: (err) => errors.push(err),
    });
    const probe = new Probe<number>({
      behaviour: (job) => {
        if (job.id === 'bad') throw new Error('bad');
      },
    });
    q.process(probe.handler);
    await q.addMany([
      { id: 'bad', data: 1 },
      { id: 'good', data: 2 },
    ]);
    await q.idle();
    expect(probe.ids()).toEqual(['bad', 'good']);
    expect(errors).toEqual([new Error('logger broke')]);
    await q.close();
  });
});
