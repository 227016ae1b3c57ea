import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SearchEngine } from './search-engine';

export const ENGINE_OPS = [
  'upsertDocs',
  'removeDocs',
  'resetVectors',
  'upsertVectors',
  'removeVectors',
  'optimize',
  'nearest',
  'run',
  'vectorRecall',
] as const;
export type EngineOp = (typeof ENGINE_OPS)[number];
type Method<K extends EngineOp> = SearchEngine[K] extends (...args: infer A) => infer R
  ? { args: A; result: Awaited<R> }
  : never;

/**
 * Runs operations one at a time in call order: a search (asynchronous over its sources) never
 * interleaves with another operation, on the engine's thread as in this one.
 */
export class OperationQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(op: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(op);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** The search engine, wherever it runs: on its own thread in the Hub, or in this thread (tests, tools). */
export interface EngineClient {
  readonly threaded: boolean;
  /** Set once the thread has died: searches go to Postgres from then on. */
  readonly failure?: string;
  call<K extends EngineOp>(op: K, ...args: Method<K>['args']): Promise<Method<K>['result']>;
  close(): Promise<void>;
}

class InThreadEngine implements EngineClient {
  readonly threaded = false;
  readonly engine = new SearchEngine();
  private readonly queue = new OperationQueue();

  call<K extends EngineOp>(op: K, ...args: Method<K>['args']): Promise<Method<K>['result']> {
    return this.queue.run(() =>
      (this.engine[op] as (...a: unknown[]) => Method<K>['result'] | Promise<Method<K>['result']>)(...args),
    );
  }

  async close(): Promise<void> {}
}

class WorkerEngine implements EngineClient {
  readonly threaded = true;
  failure?: string;
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private closing = false;

  constructor(file: string, onFailure: (message: string) => void) {
    this.worker = new Worker(file);
    this.worker.unref();
    this.worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve(m.result as never);
    });
    const fail = (message: string) => {
      if (this.closing || this.failure) return;
      this.failure = message;
      onFailure(message);
      for (const w of this.waiting.values()) w.reject(new Error(`the search engine thread stopped: ${message}`));
      this.waiting.clear();
    };
    this.worker.on('error', (err) => fail(err.message));
    this.worker.on('exit', (code) => fail(`exited with code ${code}`));
  }

  call<K extends EngineOp>(op: K, ...args: Method<K>['args']): Promise<Method<K>['result']> {
    if (this.failure) return Promise.reject(new Error(`the search engine thread stopped: ${this.failure}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, args });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }
}

/**
 * The engine on its own thread when this is the built Hub (the thread runs compiled JavaScript;
 * under the TypeScript test runner there is none, and the engine runs in this thread).
 */
export function createEngine(opts: { thread: boolean; onFailure: (message: string) => void }): EngineClient {
  const file = path.join(__dirname, 'engine-worker.js');
  return opts.thread && fs.existsSync(file) ? new WorkerEngine(file, opts.onFailure) : new InThreadEngine();
}
