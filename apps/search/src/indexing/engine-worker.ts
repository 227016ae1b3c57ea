import { parentPort } from 'node:worker_threads';
import { ENGINE_OPS, type EngineOp } from './engine-client';
import { SearchEngine } from './search-engine';

/** The search engine's thread: runs each message's operation in arrival order and answers it. */
const engine = new SearchEngine();
parentPort!.on('message', (m: { id: number; op: EngineOp; args: unknown[] }) => {
  try {
    if (!ENGINE_OPS.includes(m.op)) throw new Error(`unknown search engine operation ${m.op}`);
    const result = (engine[m.op] as (...a: unknown[]) => unknown)(...m.args);
    parentPort!.postMessage({ id: m.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: (err as Error).stack ?? String(err) });
  }
});
