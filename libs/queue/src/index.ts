/**
 * The queue abstraction services hand background work to. The embedded default runs jobs in
 * this process; a BullMQ (Redis) implementation of the same interface comes with the
 * multi-process deployment. Jobs carry a key: adding a key that is already waiting is a no-op,
 * so a burst of events about one server becomes one job.
 */
export interface JobQueue<T> {
  add(key: string, data: T): void;
  addMany(jobs: { key: string; data: T }[]): void;
  /** Starts consuming: the handler gets batches of up to `batchSize` jobs. */
  process(handler: (batch: T[]) => Promise<void>): void;
  /** Resolves once nothing is waiting or running. */
  idle(): Promise<void>;
  /** Jobs waiting or being worked on. */
  readonly pending: number;
  close(): Promise<void>;
}

export interface InProcessQueueOptions {
  name: string;
  batchSize?: number;
  /** How long to gather jobs after the first one arrives before running a batch. */
  debounceMs?: number;
  /** A failed batch is retried after this (doubling, capped at 30 s); jobs are never dropped. */
  retryMs?: number;
  onError?: (err: unknown, attempt: number) => void;
}

export class InProcessQueue<T> implements JobQueue<T> {
  private readonly waiting = new Map<string, T>();
  private handler?: (batch: T[]) => Promise<void>;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private failures = 0;
  private inFlight = 0;
  private wakeRetry?: () => void;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly opts: InProcessQueueOptions) {}

  /** Jobs waiting or being worked on. */
  get pending(): number {
    return this.waiting.size + this.inFlight;
  }

  add(key: string, data: T): void {
    this.addMany([{ key, data }]);
  }

  addMany(jobs: { key: string; data: T }[]): void {
    if (this.closed) return;
    for (const job of jobs) {
      // A newer job for a waiting key replaces the older one (it describes the latest state).
      this.waiting.delete(job.key);
      this.waiting.set(job.key, job.data);
    }
    this.kick(this.opts.debounceMs ?? 0);
  }

  process(handler: (batch: T[]) => Promise<void>): void {
    this.handler = handler;
    this.kick(0);
  }

  idle(): Promise<void> {
    if (this.closed || (this.waiting.size === 0 && !this.running)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.wakeRetry?.();
    await this.running;
    this.settleIdle(true);
  }

  private kick(delayMs: number): void {
    if (!this.handler || this.running || this.timer || this.waiting.size === 0 || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.drain().finally(() => {
        this.running = undefined;
        this.settleIdle();
      });
    }, delayMs);
  }

  private async drain(): Promise<void> {
    const size = this.opts.batchSize ?? 100;
    while (this.waiting.size > 0 && !this.closed) {
      const keys = [...this.waiting.keys()].slice(0, size);
      const batch = keys.map((k) => this.waiting.get(k)!);
      for (const k of keys) this.waiting.delete(k);
      this.inFlight = batch.length;
      let failed = false;
      try {
        await this.handler!(batch);
        this.failures = 0;
      } catch (err) {
        failed = true;
        this.failures++;
        this.opts.onError?.(err, this.failures);
        // Put the jobs back unless a newer job for the same key arrived meanwhile.
        keys.forEach((k, i) => {
          if (!this.waiting.has(k)) this.waiting.set(k, batch[i]!);
        });
      } finally {
        this.inFlight = 0;
      }
      if (failed && !this.closed) {
        const delay = Math.min(30_000, (this.opts.retryMs ?? 500) * 2 ** (this.failures - 1));
        // close() cuts the wait short rather than sitting it out.
        await new Promise<void>((r) => {
          const t = setTimeout(r, delay);
          t.unref();
          this.wakeRetry = () => {
            clearTimeout(t);
            r();
          };
        });
        this.wakeRetry = undefined;
      }
    }
  }

  private settleIdle(force = false): void {
    if (!force && (this.waiting.size > 0 || this.running)) {
      this.kick(0);
      return;
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

export type { FailedJob, WorkJob, WorkQueue, WorkQueueCounts, WorkQueueOptions } from './work-queue';
export { InProcessWorkQueue } from './in-process-work-queue';
export { BullMqWorkQueue, type BullMqWorkQueueOptions } from './bullmq-work-queue';
export { createWorkQueue } from './create-work-queue';
