/**
 * A queue of individual jobs, each with its own id, retries and failure record — for work that
 * is slow, can fail, and must not run twice at once for the same thing (inspecting a server
 * version). The batch `JobQueue` in index.ts stays the tool for cheap, coalescing work (search
 * indexing). Two implementations drive the same handlers: `InProcessWorkQueue` (the embedded
 * default, jobs in memory) and `BullMqWorkQueue` (Redis, when REDIS_URL is set). One contract
 * test suite (test/work-queue.contract.ts) holds both to the behaviour described here.
 */

export interface WorkJob<T> {
  id: string;
  data: T;
  /** 1-based: 1 on the first run, 2 on the first retry, … */
  attempt: number;
}

export interface FailedJob<T> {
  id: string;
  data: T;
  /** The message of the error thrown by the last attempt. */
  reason: string;
  attempts: number;
  failedAt: Date;
}

export interface WorkQueueCounts {
  waiting: number;
  active: number;
  /** Waiting out a retry backoff. */
  delayed: number;
  failed: number;
}

export interface WorkQueueOptions {
  /** e.g. 'runtime-inspect'; letters, digits, '.', '_' and '-' (it becomes part of Redis keys). */
  name: string;
  /** Jobs at once in this process (HUB_RUNTIME_CONCURRENCY). */
  concurrency: number;
  /** Runs of a job before it is failed; default 3. */
  attempts?: number;
  /** Exponential backoff base: retry n waits backoffMs * 2^(n-1); default 1000. */
  backoffMs?: number;
  /** How long close() waits for running handlers before it lets go of them; default 30 s. */
  closeTimeoutMs?: number;
  /** A job used up its attempts. */
  onFailed?: (job: FailedJob<unknown>) => void;
  /** Trouble outside the handlers (Redis unreachable, a throwing onFailed); the queue carries on. */
  onError?: (err: unknown) => void;
}

export interface WorkQueue<T> {
  readonly name: string;
  /**
   * Idempotent: a job with this id that is waiting, delayed or active is not added again (its data
   * is not replaced either). A finished job's id — completed, or failed and shown in failed() — can
   * be added again and runs again, from attempt 1. Ids may contain any characters but must not be
   * empty. `data` must survive JSON (both implementations hand the handler a JSON copy).
   * Rejects when the queue is closed or its store (Redis) cannot be reached.
   */
  add(id: string, data: T): Promise<void>;
  addMany(jobs: { id: string; data: T }[]): Promise<void>;
  /**
   * Starts consuming with `concurrency` handlers at once; a thrown error retries with backoff up to
   * `attempts`, then the job is failed (kept in the failed view). Call it once.
   */
  process(handler: (job: WorkJob<T>) => Promise<void>): void;
  counts(): Promise<WorkQueueCounts>;
  /** Failed jobs, newest first (default limit 100; the queue keeps the last 1000). */
  failed(limit?: number): Promise<FailedJob<T>[]>;
  /** Resolves once nothing is waiting, delayed or active (tests and the CLI use it), or on close(). */
  idle(): Promise<void>;
  /** Graceful: stops taking new jobs, waits for running ones (up to closeTimeoutMs), closes connections. */
  close(): Promise<void>;
}

export const WORK_QUEUE_DEFAULTS = {
  attempts: 3,
  backoffMs: 1000,
  closeTimeoutMs: 30_000,
  failedLimit: 100,
  /** Failed jobs kept for the failed view. */
  failedKept: 1000,
} as const;

export function validateWorkQueueOptions(opts: WorkQueueOptions): void {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(opts.name)) {
    throw new Error(`work queue name '${opts.name}' must be 1-100 letters, digits, '.', '_' or '-'`);
  }
  if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1) {
    throw new Error(`work queue '${opts.name}': concurrency must be a whole number of at least 1`);
  }
  if (opts.attempts !== undefined && (!Number.isInteger(opts.attempts) || opts.attempts < 1)) {
    throw new Error(`work queue '${opts.name}': attempts must be a whole number of at least 1`);
  }
}

export function assertJobId(queue: string, id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new Error(`work queue '${queue}': a job id must be a non-empty string`);
  }
}

/** What the failed view shows for whatever a handler threw. */
export function failureReason(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return typeof err === 'string' ? err : (JSON.stringify(err) ?? String(err));
}

/** A JSON copy, so in-process handlers see what a Redis round trip would give them. */
export function jsonCopy<T>(queue: string, data: T): T {
  let text: string | undefined;
  try {
    text = JSON.stringify(data);
  } catch (err) {
    throw new Error(`work queue '${queue}': job data must be JSON: ${failureReason(err)}`, { cause: err });
  }
  // Top-level undefined has no JSON form; Redis would hand back null, so both implementations do.
  return (text === undefined ? null : JSON.parse(text)) as T;
}
