import { parentPort } from 'node:worker_threads';
import { ENGINE_OPS, type EngineOp, OperationQueue } from './engine-client';
import { SearchEngine } from './search-engine';

/** The search engine's thread: runs each message's operation in arrival order, one at a time, and answers it. */
const engine = new SearchEngine();
const queue = new OperationQueue();
parentPort!.on('message', (m: { id: number; op: EngineOp; args: unknown[] }) => {
  void queue
    .run(() => {
      if (!ENGINE_OPS.includes(m.op)) throw new Error(`unknown search engine operation ${m.op}`);
      return (engine[m.op] as (...a: unknown[]) => unknown)(...m.args);
    })
    .then((result) => parentPort!.postMessage({ id: m.id, result }))
    .catch((err: unknown) => parentPort!.postMessage({ id: m.id, error: (err as Error).stack ?? String(err) }));
});
