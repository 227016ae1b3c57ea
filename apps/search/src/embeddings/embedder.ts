import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EmbeddingsConfig } from '@mcp-hub/config';

/** Turns texts into unit-length vectors. Pluggable: a local ONNX model or an HTTP API. */
export interface Embedder {
  /** Identifies the model: vectors from different ids are never compared (a change re-embeds). */
  readonly id: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<Float32Array[]>;
  close?(): Promise<void>;
}

/**
 * The default: transformers.js running an ONNX sentence-embedding model in this process. With
 * `modelDir` (the folder holding config.json, tokenizer.json and onnx/) nothing is downloaded;
 * without it the hub model id is fetched once into `cacheDir`, where the network allows.
 */
export async function loadLocalEmbedder(cfg: EmbeddingsConfig): Promise<Embedder> {
  let modelId: string;
  let dtype = cfg.dtype;
  let localModelPath: string | undefined;
  if (cfg.modelDir) {
    if (!fs.existsSync(path.join(cfg.modelDir, 'config.json')) || !fs.existsSync(path.join(cfg.modelDir, 'onnx'))) {
      throw new Error(
        `HUB_EMBEDDINGS_MODEL_DIR=${cfg.modelDir} is not a model folder (expected config.json, tokenizer.json and onnx/ in it)`,
      );
    }
    localModelPath = path.dirname(cfg.modelDir) + path.sep;
    modelId = path.basename(cfg.modelDir);
    dtype ??= fs.existsSync(path.join(cfg.modelDir, 'onnx', 'model.onnx')) ? 'fp32' : 'q8';
  } else {
    modelId = cfg.model;
    dtype ??= 'q8';
  }
  // The model runs on its own thread: embedding is CPU-bound and must not stall request handling.
  const worker = new Worker(path.join(__dirname, 'embed-worker.cjs'), {
    workerData: {
      modelId,
      dtype,
      localModelPath,
      cacheDir: cfg.modelDir ? undefined : cfg.cacheDir,
      allowRemote: !cfg.modelDir,
    },
  });
  const dimensions = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { type: string; dims?: number; message?: string }) =>
      m.type === 'ready' ? resolve(m.dims!) : reject(new Error(m.message)),
    );
    worker.once('error', reject);
  }).catch(async (err: unknown) => {
    await worker.terminate();
    throw err;
  });
  worker.unref();
  const waiting = new Map<number, { resolve: (v: Float32Array) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  worker.on('message', (m: { id: number; data?: Float32Array; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error !== undefined) w?.reject(new Error(m.error));
    else w?.resolve(m.data!);
  });
  worker.on('error', (err) => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  });
  return {
    id: `local:${modelId}:${dtype}`,
    dimensions,
    async embed(texts) {
      if (texts.length === 0) return [];
      const id = nextId++;
      const data = await new Promise<Float32Array>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, texts });
      }).finally(() => {
        if (waiting.size === 0) worker.unref();
      });
      return texts.map((_, i) => data.slice(i * dimensions, (i + 1) * dimensions));
    },
    close: async () => {
      await worker.terminate();
    },
  };
}

/** An OpenAI-compatible `POST {url}/embeddings` (OpenAI, Ollama, vLLM, text-embeddings-inference, LocalAI…). */
export async function loadHttpEmbedder(cfg: EmbeddingsConfig): Promise<Embedder> {
  const url = `${cfg.url}/embeddings`;
  const call = async (texts: string[]): Promise<Float32Array[]> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {}) },
      body: JSON.stringify({ model: cfg.model, input: texts }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`embeddings API answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const body = (await res.json()) as { data?: { index?: number; embedding?: number[] }[] };
    if (!Array.isArray(body.data) || body.data.length !== texts.length)
      throw new Error(`embeddings API returned ${body.data?.length ?? 'no'} vectors for ${texts.length} inputs`);
    const ordered = [...body.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return ordered.map((d) => normalize(Float32Array.from(d.embedding ?? [])));
  };
  const [probe] = await call(['probe']);
  if (!probe || probe.length === 0) throw new Error('embeddings API returned an empty vector');
  return {
    id: `http:${cfg.url}#${cfg.model}`,
    dimensions: probe.length,
    embed: (texts) => (texts.length === 0 ? Promise.resolve([]) : call(texts)),
  };
}

export function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

/**
 * A vector that carries no meaning: NaN (a text made only of words the model does not know,
 * mean-pooled to zero, then normalized) or all zeros. It is neither stored nor searched with.
 */
export function isDegenerate(v: Float32Array): boolean {
  let n = 0;
  for (const x of v) {
    if (!Number.isFinite(x)) return true;
    n += x * x;
  }
  return n < 1e-12;
}
