import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { decodeJobId, encodeJobId } from './bullmq-job-id';
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

export interface BullMqWorkQueueOptions extends WorkQueueOptions {
  redisUrl: string;
  /** The Hub's REDIS_KEY_PREFIX, e.g. 'mcp-hub:'; this queue's keys then start 'mcp-hub:bull:<name>:'. */
  prefix?: string;
  /**
   * How long a job's lock lasts without renewal, and how often workers look for jobs whose lock
   * lapsed (HUB_QUEUE_STALLED, default 30 s). A job whose worker died (kill -9, OOM) runs again on
   * another worker roughly stalledMs to 2 × stalledMs later. A job that stalls a second time is
   * failed ("job stalled more than allowable limit") rather than crash workers for ever.
   */
  stalledMs?: number;
}

const STALLED_MS_DEFAULT = 30_000;
/** How often idle() looks at the counts: Redis has the truth, shared by every worker process. */
const IDLE_POLL_MS = 50;
/** A producer command that gets no reply by then fails rather than hang an HTTP request. */
const COMMAND_TIMEOUT_MS = 5_000;

/** BullMQ's own key prefix under the Hub's: 'mcp-hub:' → 'mcp-hub:bull' (BullMQ adds the ':'). */
export function bullPrefix(prefix: string | undefined): string {
  const base = (prefix ?? '').replace(/:+$/, '');
  return base ? `${base}:bull` : 'bull';
}

/** Reconnect soon after a blip, then every 5 s at most, for ever: the worker resumes when Redis is back. */
function reconnectDelay(times: number): number {
  return Math.min(250 * 2 ** Math.min(times, 5), 5_000);
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured Redis URL';
  }
}

/**
 * Jobs in Redis through BullMQ, for deployments with REDIS_URL: jobs outlive the process, several
 * worker processes share them, and a job whose worker died runs again (see stalledMs).
 *
 * Two kinds of connection, on purpose. The producer (add, counts, failed) has its own ioredis
 * client that fails fast — no offline queue, one retry, a command timeout — so add() while Redis
 * is down rejects with a clear error instead of parking the job in memory or hanging. The worker
 * gets connection options with `maxRetriesPerRequest: null` (BullMQ requires it for its blocking
 * fetch), and BullMQ makes its own connections from them that retry for ever, so processing
 * resumes by itself when Redis is back. Every emitter has an error listener: a Redis outage is
 * reported through onError (once per distinct message per outage), never a crash.
 */
export class BullMqWorkQueue<T> implements WorkQueue<T> {
  readonly name: string;
  private readonly producer: Redis;
  private readonly queue: Queue;
  private readonly prefix: string;
  private readonly url: string;
  private handler?: (job: WorkJob<T>) => Promise<void>;
  private worker?: Worker;
  private closed = false;
  private closing?: Promise<void>;
  /** Messages already reported during the current outage. */
  private readonly outageErrors = new Set<string>();
  private lastConnectionError?: string;

  constructor(private readonly opts: BullMqWorkQueueOptions) {
    validateWorkQueueOptions(opts);
    this.name = opts.name;
    this.prefix = bullPrefix(opts.prefix);
    this.url = redact(opts.redisUrl);
    this.producer = new Redis(opts.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: COMMAND_TIMEOUT_MS,
      retryStrategy: reconnectDelay,
      connectionName: `${this.prefix}:${opts.name}:producer`,
    });
    // The Queue below re-emits this client's errors (and reports them); this keeps the latest for add().
    this.producer.on('error', (err: unknown) => (this.lastConnectionError = failureReason(err)));
    this.producer.on('ready', () => {
      this.outageErrors.clear();
      this.lastConnectionError = undefined;
    });
    this.queue = new Queue(opts.name, {
      connection: this.producer,
      prefix: this.prefix,
      defaultJobOptions: {
        attempts: opts.attempts ?? WORK_QUEUE_DEFAULTS.attempts,
        backoff: { type: 'exponential', delay: opts.backoffMs ?? WORK_QUEUE_DEFAULTS.backoffMs },
        // A completed job leaves Redis at once, so its id can be added again and run again.
        removeOnComplete: true,
        // Failed jobs stay for the failed view, the newest 1000.
        removeOnFail: { count: WORK_QUEUE_DEFAULTS.failedKept },
      },
    });
    this.queue.on('error', (err: unknown) => this.connectionError(err));
  }

  add(id: string, data: T): Promise<void> {
    return this.addMany([{ id, data }]);
  }

  async addMany(jobs: { id: string; data: T }[]): Promise<void> {
    if (this.closed) throw new Error(`work queue '${this.name}' is closed`);
    // The first job for an id wins, as it would if they were added one by one.
    const unique = new Map<string, T>();
    for (const job of jobs) {
      assertJobId(this.name, job.id);
      const data = jsonCopy(this.name, job.data);
      const encoded = encodeJobId(job.id);
      if (!unique.has(encoded)) unique.set(encoded, data);
    }
    if (unique.size === 0) return;
    await this.connected();
    const ids = [...unique.keys()];
    try {
      // BullMQ ignores an add whose id exists in any state, finished ones included. A completed job
      // is already gone (removeOnComplete); a failed one is removed here, so adding a failed id
      // again runs it again — from attempt 1, with the new data — and takes it out of the failed
      // view. A waiting, delayed or active job is left alone: that is the idempotence we want.
      const states = await Promise.all(ids.map((id) => this.queue.getJobState(id)));
      const finished = ids.filter((_, i) => states[i] === 'failed' || states[i] === 'completed');
      await Promise.all(finished.map((id) => this.queue.remove(id)));
      await this.queue.addBulk(ids.map((id) => ({ name: this.name, data: unique.get(id), opts: { jobId: id } })));
    } catch (err) {
      throw this.redisError('could not add jobs', err);
    }
  }

  process(handler: (job: WorkJob<T>) => Promise<void>): void {
    if (this.handler) throw new Error(`work queue '${this.name}': process() was already called`);
    this.handler = handler;
    // The worker starts once Redis has answered at least once: BullMQ cannot close a worker whose
    // connections never came up (its close() waits for them for ever), and there is nothing to
    // consume before that anyway.
    if (this.producer.status === 'ready') this.startWorker();
    else this.producer.once('ready', () => this.startWorker());
  }

  private startWorker(): void {
    if (this.closed || this.worker || !this.handler) return;
    const handler = this.handler;
    const stalledMs = this.opts.stalledMs ?? STALLED_MS_DEFAULT;
    const worker = new Worker(
      this.name,
      async (job: Job) => {
        try {
          await handler({ id: decodeJobId(job.id!), data: job.data as T, attempt: job.attemptsMade + 1 });
        } catch (err) {
          // BullMQ records err.message: give whatever was thrown one.
          throw err instanceof Error ? err : new Error(failureReason(err));
        }
      },
      {
        connection: { url: this.opts.redisUrl, maxRetriesPerRequest: null, retryStrategy: reconnectDelay },
        prefix: this.prefix,
        concurrency: this.opts.concurrency,
        lockDuration: stalledMs,
        stalledInterval: stalledMs,
        maxStalledCount: 1,
      },
    );
    worker.on('error', (err: unknown) => this.connectionError(err));
    worker.on('failed', (job: Job | undefined) => {
      // 'failed' is emitted for every failed attempt; only the last one is a failed job.
      if (!job || (job.attemptsMade < (job.opts.attempts ?? 1) && typeof job.finishedOn !== 'number')) return;
      try {
        this.opts.onFailed?.(this.toFailed(job) as FailedJob<unknown>);
      } catch (err) {
        this.reportError(err);
      }
    });
    this.worker = worker;
  }

  async counts(): Promise<WorkQueueCounts> {
    const c = await this.queue
      .getJobCounts('waiting', 'prioritized', 'waiting-children', 'active', 'delayed', 'failed')
      .catch((err: unknown) => {
        throw this.redisError('could not count jobs', err);
      });
    return {
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0),
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      failed: c.failed ?? 0,
    };
  }

  async failed(limit: number = WORK_QUEUE_DEFAULTS.failedLimit): Promise<FailedJob<T>[]> {
    if (limit <= 0) return [];
    const jobs = await this.queue.getFailed(0, limit - 1).catch((err: unknown) => {
      throw this.redisError('could not list failed jobs', err);
    });
    return jobs.map((job) => this.toFailed(job));
  }

  async idle(): Promise<void> {
    while (!this.closed) {
      try {
        const c = await this.counts();
        if (c.waiting + c.active + c.delayed === 0) return;
      } catch {
        // Redis unreachable: nothing can be said about the queue yet; keep looking.
      }
      await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    }
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (worker) {
      // worker.close() takes no new jobs and waits for the running ones to finish and be recorded.
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        worker.close().then(
          () => false,
          () => false,
        ),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), this.opts.closeTimeoutMs ?? WORK_QUEUE_DEFAULTS.closeTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
      // Still running (or Redis is down): let go, without waiting on a connection that may never
      // answer. The jobs keep their place in Redis; their locks lapse and a worker runs them again
      // after stalledMs.
      if (timedOut) void worker.disconnect().catch(() => undefined);
    }
    await this.queue.close().catch(() => undefined);
    await this.producer.quit().catch(() => this.producer.disconnect());
  }

  /** Waits for the first connection; later, refuses at once while Redis is unreachable. */
  private async connected(): Promise<void> {
    const status = this.producer.status;
    if (status === 'ready') return;
    if (status === 'connecting' || status === 'connect' || status === 'wait') {
      // ioredis settles the attempt itself: 'ready', or 'close' after an error or its connect timeout.
      const ok = await new Promise<boolean>((resolve) => {
        const done = (value: boolean) => {
          this.producer.off('ready', onReady);
          this.producer.off('close', onClose);
          resolve(value);
        };
        const onReady = () => done(true);
        const onClose = () => done(false);
        this.producer.on('ready', onReady);
        this.producer.on('close', onClose);
      });
      if (ok) return;
    }
    throw new Error(
      `work queue '${this.name}': Redis at ${this.url} is unreachable` +
        `${this.lastConnectionError ? ` (${this.lastConnectionError})` : ''}; the job was not added`,
    );
  }

  private toFailed(job: Job): FailedJob<T> {
    return {
      id: decodeJobId(job.id!),
      data: job.data as T,
      reason: job.failedReason ?? 'failed',
      // A job failed for stalling has started more often than it has been tried to the end.
      attempts: Math.max(job.attemptsMade, job.attemptsStarted ?? 0),
      failedAt: new Date(job.finishedOn ?? Date.now()),
    };
  }

  private redisError(what: string, err: unknown): Error {
    return new Error(`work queue '${this.name}': ${what} in Redis (${this.url}): ${failureReason(err)}`, {
      cause: err,
    });
  }

  private connectionError(err: unknown): void {
    const message = failureReason(err);
    if (this.producer.status !== 'ready') {
      if (this.outageErrors.has(message)) return;
      this.outageErrors.add(message);
    }
    this.reportError(new Error(`work queue '${this.name}': Redis (${this.url}): ${message}`, { cause: err }));
  }

  private reportError(err: unknown): void {
    try {
      this.opts.onError?.(err);
    } catch {}
  }
}
