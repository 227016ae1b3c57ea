// Runs a transformers.js feature-extraction pipeline on its own thread, so embedding (CPU-bound)
// never stalls the HTTP event loop, and ONNX tensors live in a plain Node realm.
// Protocol: workerData {modelId, dtype, localModelPath?, cacheDir?, allowRemote}; the thread
// posts {type:'ready', dims} or {type:'error', message}; then answers {id, texts} with
// {id, data: Float32Array (n × dims, transferred)} or {id, error}.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');

(async () => {
  let extractor;
  try {
    const { env, pipeline } = require('@huggingface/transformers');
    env.allowRemoteModels = workerData.allowRemote;
    if (workerData.localModelPath) {
      env.localModelPath = workerData.localModelPath;
      env.allowLocalModels = true;
    }
    if (workerData.cacheDir) env.cacheDir = workerData.cacheDir;
    extractor = await pipeline('feature-extraction', workerData.modelId, { dtype: workerData.dtype });
    const probe = await extractor(['probe'], { pooling: 'mean', normalize: true });
    parentPort.postMessage({ type: 'ready', dims: probe.dims[1] });
  } catch (err) {
    parentPort.postMessage({ type: 'error', message: String((err && err.message) || err) });
    return;
  }
  parentPort.on('message', async ({ id, texts }) => {
    try {
      const out = await extractor(texts, { pooling: 'mean', normalize: true });
      const data = Float32Array.from(out.data);
      parentPort.postMessage({ id, data }, [data.buffer]);
    } catch (err) {
      parentPort.postMessage({ id, error: String((err && err.message) || err) });
    }
  });
})();
