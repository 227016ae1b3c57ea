import { InProcessQueue, type InProcessQueueOptions } from './index';

interface Deferred<T = void> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets timers and I/O callbacks run (a few event-loop turns); never asserted on as a duration. */
const settle = () => new Promise<void>((r) => setTimeout(r, 20));

/**
 * A handler that records its batches and, when asked, holds a batch until released:
 * `started[n]` resolves when batch n arrives, `release(n)` lets it finish.
 */
function controlledHandler<T>(opts: { hold?: boolean } = {}) {
  const batches: T[][] = [];
  const started: Deferred<T[]>[] = Array.from({ length: 20 }, () => deferred<T[]>());
  const gates: Deferred[] = Array.from({ length: 20 }, () => deferred());
  const handler = async (batch: T[]) => {
    const n = batches.length;
    batches.push([...batch]);
    started[n]!.resolve(batch);
    if (opts.hold) await gates[n]!.promise;
  };
  return { batches, started, handler, release: (n: number) => gates[n]!.resolve() };
}

describe('InProcessQueue', () => {
  const queues: InProcessQueue<unknown>[] = [];
  const make = <T>(opts: Partial<InProcessQueueOptions> = {}) => {
    const q = new InProcessQueue<T>({ name: 'test', retryMs: 5, ...opts });
    queues.push(q as InProcessQueue<unknown>);
    return q;
  };
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((q) => q.close()));
  });

  it('hands the handler batches of at most batchSize jobs, in order', async () => {
    const q = make<number>({ batchSize: 3 });
    q.addMany(Array.from({ length: 7 }, (_, i) => ({ key: `k${i}`, data: i })));
    const h = controlledHandler<number>();
    q.process(h.handler);
    await q.idle();
    expect(h.batches).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('uses batches of 100 by default', async () => {
    const q = make<number>();
    q.addMany(Array.from({ length: 250 }, (_, i) => ({ key: `k${i}`, data: i })));
    const h = controlledHandler<number>();
    q.process(h.handler);
    await q.idle();
    expect(h.batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(h.batches.flat()).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  it('keeps one job per waiting key: a newer job replaces the older one', async () => {
    const q = make<string>();
    q.add('a', 'a1');
    q.add('b', 'b1');
    q.add('a', 'a2');
    q.addMany([
      { key: 'c', data: 'c1' },
      { key: 'b', data: 'b2' },
    ]);
    expect(q.pending).toBe(3);
    const h = controlledHandler<string>();
    q.process(h.handler);
    await q.idle();
    expect(h.batches).toEqual([['a2', 'c1', 'b2']]);
  });

  it('runs a job again when its key is added while the previous job for it is in flight', async () => {
    const q = make<string>();
    const h = controlledHandler<string>({ hold: true });
    q.process(h.handler);
    q.add('a', 'a1');
    await h.started[0]!.promise;
    q.add('a', 'a2');
    h.release(0);
    h.release(1);
    await q.idle();
    expect(h.batches).toEqual([['a1'], ['a2']]);
  });

  it('gathers the jobs that arrive within debounceMs into one batch', async () => {
    const q = make<number>({ debounceMs: 30 });
    const h = controlledHandler<number>();
    q.process(h.handler);
    q.add('a', 1);
    q.add('b', 2);
    await Promise.resolve();
    q.add('c', 3);
    await q.idle();
    expect(h.batches).toEqual([[1, 2, 3]]);
  });

  it('resolves idle() at once when there is nothing to do', async () => {
    const q = make<number>();
    q.process(controlledHandler<number>().handler);
    let resolved = false;
    await q.idle().then(() => (resolved = true));
    expect(resolved).toBe(true);
  });

  it('resolves idle() only after all work, including jobs added while a batch runs', async () => {
    const q = make<string>({ batchSize: 2 });
    const h = controlledHandler<string>({ hold: true });
    q.addMany([
      { key: 'a', data: 'a' },
      { key: 'b', data: 'b' },
    ]);
    q.process(h.handler);

    let seenAtIdle: string[][] | undefined;
    const idle = q.idle().then(() => (seenAtIdle = h.batches.map((b) => [...b])));

    await h.started[0]!.promise;
    q.addMany([
      { key: 'c', data: 'c' },
      { key: 'd', data: 'd' },
      { key: 'e', data: 'e' },
    ]);
    await settle();
    expect(seenAtIdle).toBeUndefined();

    h.release(0);
    await h.started[1]!.promise;
    await settle();
    expect(seenAtIdle).toBeUndefined();

    h.release(1);
    await h.started[2]!.promise;
    // A second waiter, registered while the last batch is still running.
    let secondDone = false;
    const second = q.idle().then(() => (secondDone = true));
    await settle();
    expect(seenAtIdle).toBeUndefined();
    expect(secondDone).toBe(false);

    h.release(2);
    await Promise.all([idle, second]);
    expect(seenAtIdle).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(q.pending).toBe(0);
  });

  it('retries a failing batch without losing jobs, reporting each failure', async () => {
    const errors: [string, number][] = [];
    const q = make<string>({ retryMs: 2, onError: (err, attempt) => errors.push([(err as Error).message, attempt]) });
    const calls: string[][] = [];
    q.process(async (batch) => {
      calls.push([...batch]);
      if (calls.length <= 3) throw new Error(`boom ${calls.length}`);
    });
    q.addMany([
      { key: 'a', data: 'a' },
      { key: 'b', data: 'b' },
      { key: 'c', data: 'c' },
    ]);
    await q.idle();
    expect(errors).toEqual([
      ['boom 1', 1],
      ['boom 2', 2],
      ['boom 3', 3],
    ]);
    expect(calls).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
    ]);
    expect(q.pending).toBe(0);
  });

  it('retries with the newer job when one for the same key arrived during the failed attempt', async () => {
    const q = make<string>({ retryMs: 2 });
    const calls: string[][] = [];
    q.process(async (batch) => {
      calls.push([...batch]);
      if (calls.length === 1) {
        q.add('a', 'a2');
        throw new Error('boom');
      }
    });
    q.addMany([
      { key: 'a', data: 'a1' },
      { key: 'b', data: 'b1' },
    ]);
    await q.idle();
    expect(calls).toEqual([
      ['a1', 'b1'],
      ['a2', 'b1'],
    ]);
  });

  it('treats a handler that throws synchronously as a failed batch', async () => {
    const q = make<number>({ retryMs: 2 });
    let calls = 0;
    q.process(((batch: number[]) => {
      calls++;
      if (calls === 1) throw new Error('sync boom');
      expect(batch).toEqual([1]);
      return Promise.resolve();
    }) as (batch: number[]) => Promise<void>);
    q.add('a', 1);
    await q.idle();
    expect(calls).toBe(2);
  });

  it('counts waiting and in-flight jobs as pending', async () => {
    const q = make<number>({ batchSize: 2 });
    expect(q.pending).toBe(0);
    q.addMany([
      { key: 'a', data: 1 },
      { key: 'b', data: 2 },
      { key: 'c', data: 3 },
    ]);
    expect(q.pending).toBe(3);
    const h = controlledHandler<number>({ hold: true });
    q.process(h.handler);
    await h.started[0]!.promise;
    expect(q.pending).toBe(3); // 2 in flight, 1 waiting
    q.add('d', 4);
    expect(q.pending).toBe(4);
    q.add('a', 5); // 'a' is in flight: a new waiting job
    expect(q.pending).toBe(5);
    h.release(0);
    await h.started[1]!.promise;
    expect(q.pending).toBe(3); // 2 in flight, 1 waiting
    h.release(1);
    await h.started[2]!.promise;
    expect(q.pending).toBe(1);
    h.release(2);
    await q.idle();
    expect(q.pending).toBe(0);
    expect(h.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('does nothing until a handler is given', async () => {
    const q = make<number>();
    q.add('a', 1);
    await settle();
    expect(q.pending).toBe(1);
    const h = controlledHandler<number>();
    q.process(h.handler);
    await q.idle();
    expect(h.batches).toEqual([[1]]);
  });

  it('stops processing on close(): the running batch finishes, nothing else starts, later jobs are ignored', async () => {
    const q = make<string>({ batchSize: 1 });
    const h = controlledHandler<string>({ hold: true });
    q.process(h.handler);
    q.addMany([
      { key: 'a', data: 'a' },
      { key: 'b', data: 'b' },
      { key: 'c', data: 'c' },
    ]);
    await h.started[0]!.promise;
    const idle = q.idle();

    let closed = false;
    const closing = q.close().then(() => (closed = true));
    await settle();
    expect(closed).toBe(false); // waits for the batch in flight

    h.release(0);
    await closing;
    await idle; // close() releases idle() waiters
    q.add('d', 'd');
    await settle();
    expect(h.batches).toEqual([['a']]);
    expect(q.pending).toBe(2); // b and c were never started; d was refused
  });

  it('starts nothing when closed before a handler is given', async () => {
    const q = make<number>();
    q.add('a', 1);
    await q.close();
    const h = controlledHandler<number>();
    q.process(h.handler);
    await settle();
    expect(h.batches).toEqual([]);
  });
});
