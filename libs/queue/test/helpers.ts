import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { WorkJob } from '../src/work-queue';

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Gives a queue the chance to do something it should not (start another job, resolve early) before
 * the test looks; never asserted on as a duration.
 */
export const settle = (ms = 150) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A handler that records every run, counts how many run at once, and — while `holding` — keeps
 * each run going until the test releases it: `started(n)` resolves once n runs have begun.
 */
export class Probe<T> {
  readonly runs: WorkJob<T>[] = [];
  active = 0;
  maxActive = 0;
  holding: boolean;
  behaviour: (job: WorkJob<T>, run: number) => void | Promise<void>;
  private readonly gates: Deferred[] = [];
  private waiters: { n: number; resolve: () => void }[] = [];

  constructor(opts: { hold?: boolean; behaviour?: (job: WorkJob<T>, run: number) => void | Promise<void> } = {}) {
    this.holding = opts.hold ?? false;
    this.behaviour = opts.behaviour ?? (() => undefined);
  }

  readonly handler = async (job: WorkJob<T>): Promise<void> => {
    const run = this.runs.length;
    this.runs.push(job);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    this.waiters = this.waiters.filter((w) => (this.runs.length >= w.n ? (w.resolve(), false) : true));
    try {
      if (this.holding) await this.gate(run).promise;
      await this.behaviour(job, run);
    } finally {
      this.active--;
    }
  };

  started(n: number): Promise<void> {
    if (this.runs.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  release(run: number): void {
    this.gate(run).resolve();
  }

  /** Stops holding: runs held now and later go on. */
  releaseAll(): void {
    this.holding = false;
    for (let i = 0; i < this.runs.length; i++) this.release(i);
  }

  ids(): string[] {
    return this.runs.map((r) => r.id);
  }

  private gate(run: number): Deferred {
    while (this.gates.length <= run) this.gates.push(deferred());
    return this.gates[run]!;
  }
}

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether Redis answers PING, asked synchronously (in a child) so a suite can choose
 * describe or describe.skip while Jest collects tests.
 */
export function redisReachable(url = REDIS_URL): boolean {
  const script = `
    const { Redis } = require('ioredis');
    const r = new Redis(process.argv[1], { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
    r.on('error', () => {});
    r.connect().then(() => r.ping()).then((p) => process.exit(p === 'PONG' ? 0 : 1), () => process.exit(1));`;
  const res = spawnSync(process.execPath, ['-e', script, url], { cwd: __dirname, timeout: 5000 });
  return res.status === 0;
}

/** A key prefix no other test run uses (the Hub's REDIS_KEY_PREFIX form, ending in ':'). */
export function uniquePrefix(): string {
  return `mcp-hub-test-${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under a prefix; returns how many there were. */
export async function deleteKeys(prefix: string, url = REDIS_URL): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let deleted = 0;
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 })) {
      if ((keys as string[]).length) deleted += await redis.unlink(...(keys as string[]));
    }
    return deleted;
  } finally {
    await redis.quit();
  }
}
