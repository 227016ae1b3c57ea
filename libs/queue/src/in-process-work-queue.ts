import {
  assertJobId,
  failureReason,
  jsonCopy,
  validateWorkQueueOptions,
  WORK_QUEUE_DEFAULTS,
  type FailedJob,
  type WorkJob,
  type WorkQueue,
  type WorkQueueCounts,
  type WorkQueueOptions,
} from './work-queue';

interface Entry<T> {
  data: T;
  attempt: number;
}

/**
 * The embedded default: jobs live in this process's memory and are lost when it stops or crashes.
 * That is by design — whoever owns the work keeps the truth elsewhere (the runtime's reconciler
 * re-enqueues every version without a result), so the queue only has to be fast and honest.
 */
export class InProcessWorkQueue<T> implements WorkQueue<T> {
  readonly name: string;
  private readonly attempts: number;
  private readonly backoffMs: number;
  /** Insertion order is run order. */
  private readonly waiting = new Map<string, Entry<T>>();
  private readonly delayed = new Map<string, NodeJS.Timeout>();
  private readonly active = new Map<string, Promise<void>>();
  /** Oldest first, so trimming drops from the front; failed() reverses it. */
  private readonly failedJobs = new Map<string, FailedJob<T>>();
  private handler?: (job: WorkJob<T>) => Promise<void>;
  private closed = false;
  private closing?: Promise<void>;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly opts: WorkQueueOptions) {
    validateWorkQueueOptions(opts);
    this.name = opts.name;
    this.attempts = opts.attempts ?? WORK_QUEUE_DEFAULTS.attempts;
    this.backoffMs = opts.backoffMs ?? WORK_QUEUE_DEFAULTS.backoffMs;
  }

  add(id: string, data: T): Promise<void> {
    return this.addMany([{ id, data }]);
  }

  async addMany(jobs: { id: string; data: T }[]): Promise<void> {
    if (this.closed) throw new Error(`work queue '${this.name}' is closed`);
    // Everything is checked before anything is added, so a bad job adds none of the batch.
    const copies = jobs.map((job) => {
      assertJobId(this.name, job.id);
      return { id: job.id, data: jsonCopy(this.name, job.data) };
    });
    for (const { id, data } of copies) {
      if (this.waiting.has(id) || this.delayed.has(id) || this.active.has(id)) continue;
      // A failed id added again runs again from attempt 1; its old failure leaves the failed view.
      this.failedJobs.delete(id);
      this.waiting.set(id, { data, attempt: 1 });
    }
    this.pump();
  }

  process(handler: (job: WorkJob<T>) => Promise<void>): void {
    if (this.handler) throw new Error(`work queue '${this.name}': process() was already called`);
    this.handler = handler;
    this.pump();
  }

  async counts(): Promise<WorkQueueCounts> {
    return {
      waiting: this.waiting.size,
      active: this.active.size,
      delayed: this.delayed.size,
      failed: this.failedJobs.size,
    };
  }

  async failed(limit: number = WORK_QUEUE_DEFAULTS.failedLimit): Promise<FailedJob<T>[]> {
    return [...this.failedJobs.values()].reverse().slice(0, Math.max(0, limit));
  }

  idle(): Promise<void> {
    if (this.closed || this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    // Waiting and delayed jobs are dropped with the process's memory (see the class comment).
    for (const timer of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    this.waiting.clear();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.opts.closeTimeoutMs ?? WORK_QUEUE_DEFAULTS.closeTimeoutMs);
    });
    await Promise.race([Promise.allSettled(this.active.values()), timeout]);
    clearTimeout(timer);
    this.settleIdle();
  }

  private pump(): void {
    const handler = this.handler;
    if (handler && !this.closed) {
      while (this.active.size < this.opts.concurrency && this.waiting.size > 0) {
        const [id, entry] = this.waiting.entries().next().value as [string, Entry<T>];
        this.waiting.delete(id);
        this.start(handler, id, entry);
      }
    }
    this.settleIdle();
  }

  private start(handler: (job: WorkJob<T>) => Promise<void>, id: string, entry: Entry<T>): void {
    // A fresh copy per attempt: a handler that mutates its data must not change what a retry gets.
    const job: WorkJob<T> = { id, data: jsonCopy(this.name, entry.data), attempt: entry.attempt };
    // Through a resolved promise, so a handler that throws synchronously is a failed attempt too,
    // and so the job is in `active` before any of it runs.
    const run = Promise.resolve()
      .then(() => handler(job))
      .then(
        () => undefined,
        (err: unknown) => this.attemptFailed(id, entry, err),
      )
      .finally(() => {
        this.active.delete(id);
        this.pump();
      });
    this.active.set(id, run);
  }

  private attemptFailed(id: string, entry: Entry<T>, err: unknown): void {
    if (entry.attempt < this.attempts) {
      // A retry due while closing is dropped with the rest of the memory.
      if (this.closed) return;
      const delay = this.backoffMs * 2 ** (entry.attempt - 1);
      const timer = setTimeout(() => {
        this.delayed.delete(id);
        this.waiting.set(id, { data: entry.data, attempt: entry.attempt + 1 });
        this.pump();
      }, delay);
      this.delayed.set(id, timer);
      return;
    }
    const failed: FailedJob<T> = {
      id,
      data: entry.data,
      reason: failureReason(err),
      attempts: entry.attempt,
      failedAt: new Date(),
    };
    this.failedJobs.delete(id);
    this.failedJobs.set(id, failed);
    if (this.failedJobs.size > WORK_QUEUE_DEFAULTS.failedKept) {
      this.failedJobs.delete(this.failedJobs.keys().next().value as string);
    }
    try {
      this.opts.onFailed?.(failed as FailedJob<unknown>);
    } catch (callbackErr) {
      this.reportError(callbackErr);
    }
  }

  private reportError(err: unknown): void {
    try {
      this.opts.onError?.(err);
    } catch {}
  }

  private isIdle(): boolean {
    return this.waiting.size === 0 && this.delayed.size === 0 && this.active.size === 0;
  }

  private settleIdle(): void {
    if (!this.closed && !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
