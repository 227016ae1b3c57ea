#!/usr/bin/env node
/**
 * Mirror import and search benchmark. See bench/README.md.
 *
 *   pnpm build && node bench/search.bench.mjs                 # embedded PGlite (pgvector), 20,000 servers
 *   node bench/search.bench.mjs --db postgres                 # Postgres on 127.0.0.1 (vectors in memory)
 *   node bench/search.bench.mjs --servers 5000 --duration 5   # quicker
 *   node bench/search.bench.mjs --docs                        # write the figures into docs/BENCHMARKS.md
 *
 * 1. Imports the fixture snapshot (`MirrorService.importFile`, as `pnpm hub mirror import` does)
 *    and indexes it, embeddings included.
 * 2. Serves a generated N-server upstream on 127.0.0.1 through the official list API and mirrors it
 *    with a real crawl (`syncOnce`: limit/cursor paging over HTTP), then indexes it, embeddings
 *    included. Reports seconds (target: 20,000 in under 60 s).
 * 3. Starts the Hub as a child process on that database and measures GET /api/v1/search at 32
 *    concurrent connections (autocannon), text and hybrid, p50, p90 and p97.5, queries drawn from the
 *    evaluation set (so the query-embedding cache warms up as it would in production).
 * 4. Publish-to-searchable latency: publish a server and poll search until it appears.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DOCS, FIXTURE, HUB_MAIN, MODEL, ROOT, autocannon, freePort, until, writeDocsBlock } from './lib/hub.mjs';

const require = createRequire(import.meta.url);
const { values: opt } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    servers: { type: 'string', default: '20000' },
    connections: { type: 'string', default: '32' },
    duration: { type: 'string', default: '15' },
    'model-dir': { type: 'string', default: MODEL },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    docs: { type: 'boolean', default: false },
  },
});
const N = Number(opt.servers);
const CONNECTIONS = Number(opt.connections);
const DURATION = Number(opt.duration);
const log = (s = '') => process.stdout.write(s + '\n');

const { loadConfig } = require(path.join(ROOT, 'libs/config'));
const { startHub } = require(path.join(ROOT, 'apps/hub'));
const { MirrorService } = require(path.join(ROOT, 'apps/registry'));
const { SearchIndexer, EmbeddingsService } = require(path.join(ROOT, 'apps/search'));
const { startFakeUpstream, generateUpstream, loadFixture } = require(path.join(ROOT, 'test/fake-upstream.cjs'));
const queries = JSON.parse(fs.readFileSync(path.join(ROOT, 'apps/search/eval/queries.json'), 'utf8')).queries.map(
  (q) => q.query,
);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-search-bench-'));
const results = {
  date: new Date().toISOString().slice(0, 10),
  db: opt.db,
  servers: N,
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
};
let scratch;
let child;

async function database(name) {
  if (opt.db !== 'postgres') return { env: { HUB_DATA_DIR: path.join(tmp, name) }, drop: async () => undefined };
  const pg = require('pg');
  const dbName = `hub_search_bench_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: opt['pg-url'] });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const url = new URL(opt['pg-url']);
  url.pathname = `/${dbName}`;
  return {
    env: { DATABASE_URL: url.toString(), HUB_DB_POOL_SIZE: '16' },
    drop: async () => {
      const c = new pg.Client({ connectionString: opt['pg-url'] });
      await c.connect();
      await c.query(`drop database if exists ${dbName} with (force)`);
      await c.end();
    },
  };
}

/** An in-process Hub (no listening needed) on `env`, to run the import the way the CLI does. */
async function withHub(env, fn) {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    HUB_UPSTREAM_URL: 'off',
    HUB_RATE_LIMIT: '0',
    HUB_EMBEDDINGS_MODEL_DIR: opt['model-dir'],
    ...env,
  });
  const hub = await startHub(config, { listen: false });
  try {
    const embeddings = hub.app.get(EmbeddingsService);
    await embeddings.start();
    if (!embeddings.embedder) throw new Error(`no embedder: ${embeddings.unavailableReason}`);
    return await fn(hub);
  } finally {
    await hub.close();
  }
}

async function indexAll(hub) {
  const indexer = hub.app.get(SearchIndexer);
  await indexer.catchUp();
  await indexer.idle();
  await indexer.embedMissing();
  await indexer.idle();
}

try {
  log(
    `search benchmark: ${opt.db}, ${N.toLocaleString('en-US')} generated servers, ${CONNECTIONS} connections, ${DURATION}s per run; ${results.cpus} × ${results.cpu}`,
  );

  // 1. The fixture snapshot.
  const fixtureDb = await database('fixture');
  await withHub(fixtureDb.env, async (hub) => {
    const t0 = performance.now();
    const report = await hub.app.get(MirrorService).importFile(FIXTURE);
    const t1 = performance.now();
    await indexAll(hub);
    const t2 = performance.now();
    results.fixture = {
      entries: report.entries,
      servers: report.servers,
      importS: (t1 - t0) / 1000,
      indexS: (t2 - t1) / 1000,
      totalS: (t2 - t0) / 1000,
    };
    log(
      `fixture: ${report.entries} entries (${report.servers} servers) imported in ${results.fixture.importS.toFixed(2)} s, indexed + embedded in ${results.fixture.indexS.toFixed(2)} s`,
    );
  });
  await fixtureDb.drop();

  // 2. A generated upstream, crawled over HTTP.
  const entries = generateUpstream(N, { base: loadFixture() });
  const upstream = await startFakeUpstream({ entries, maxLimit: 100 });
  scratch = await database('big');
  await withHub(scratch.env, async (hub) => {
    const t0 = performance.now();
    const report = await hub.app.get(MirrorService).syncOnce(upstream.url);
    const t1 = performance.now();
    await indexAll(hub);
    const t2 = performance.now();
    const vectors = hub.app.get(SearchIndexer).vectorStore;
    // The approximate vector index against an exact scan, on the evaluation queries.
    const embeddings = hub.app.get(EmbeddingsService);
    const queryVectors = (await Promise.all(queries.map((q) => embeddings.embedQuery(q)))).filter(Boolean);
    results.vectorRecall = await hub.app.get(SearchIndexer).engine.call('vectorRecall', queryVectors, 50);
    log(
      `vector index: ${results.vectorRecall.vectors} vectors, ${results.vectorRecall.clustered ? 'clustered' : 'exact'}, recall@50 against the exact scan ${results.vectorRecall.recall.toFixed(3)}`,
    );
    results.mirror = {
      entries: report.entries,
      pages: report.pages,
      crawlS: (t1 - t0) / 1000,
      indexS: (t2 - t1) / 1000,
      totalS: (t2 - t0) / 1000,
      vectors,
    };
    log(
      `mirror: ${report.entries} entries in ${report.pages} pages crawled in ${results.mirror.crawlS.toFixed(1)} s, indexed + embedded in ${results.mirror.indexS.toFixed(1)} s: ${results.mirror.totalS.toFixed(1)} s in all (target < 60 s); vectors in ${vectors}`,
    );
  });
  await upstream.close();

  // 3. Search under load, the Hub in its own process.
  const port = await freePort();
  const token = `bench-admin-${process.pid}-0123456789abcdef`;
  const base = `http://127.0.0.1:${port}`;
  /** The Hub in its own process on the mirrored database, ready once the embedder is loaded and nothing is left to index. */
  const startChild = async (env = {}) => {
    child = spawn(process.execPath, [HUB_MAIN], {
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
        HUB_UPSTREAM_URL: 'off',
        HUB_RATE_LIMIT: '0',
        HUB_BOOTSTRAP_TOKEN: token,
        HUB_EMBEDDINGS_MODEL_DIR: opt['model-dir'],
        ...scratch.env,
        ...env,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    await until(async () => {
      const z = await fetch(`${base}/healthz`).then(
        (r) => r.json(),
        () => undefined,
      );
      return z?.checks?.embeddings?.status === 'ok' && z.checks.search.pending === 0;
    }, 120_000);
    // A stopgap: `pending` reaches 0 while the booted Hub still has start-up work in hand (it cost one
    // measured phase ~15 % until this wait); /healthz should count that work, then this wait goes.
    await new Promise((r) => setTimeout(r, 8000));
  };
  await startChild();

  results.search = {};
  for (const mode of ['text', 'hybrid']) {
    await load(mode, base);
  }
  // The same again against a Hub without its result cache: every request runs the full query.
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await startChild({ HUB_SEARCH_RESULT_CACHE: '0' });
  for (const mode of ['text', 'hybrid']) await load(mode, base, 'uncached');

  async function load(mode, base, variant = 'cached') {
    let i = 0;
    const next = () => `/api/v1/search?mode=${mode}&limit=20&q=${encodeURIComponent(queries[i++ % queries.length])}`;
    // Warm-up: one pass over the queries (plans, caches, the query-embedding cache).
    for (const q of queries)
      await fetch(`${base}/api/v1/search?mode=${mode}&limit=20&q=${encodeURIComponent(q)}`).then((r) =>
        r.arrayBuffer(),
      );
    const r = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: DURATION,
      requests: [{ setupRequest: (req) => ({ ...req, path: next() }) }],
    });
    const errors = r.errors + r.timeouts + (r.non2xx ?? 0);
    const key = variant === 'cached' ? mode : `${mode}-uncached`;
    // autocannon reports p90 and p97.5, not p95: the target is held against p97.5, the stricter one.
    results.search[key] = {
      rps: r.requests.average,
      p50: r.latency.p50,
      p90: r.latency.p90,
      p975: r.latency.p97_5,
      p99: r.latency.p99,
      errors,
    };
    log(
      `search ${key.padEnd(15)}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p97.5 ${r.latency.p97_5} ms, p99 ${r.latency.p99} ms, errors ${errors}`,
    );
  }

  // 4. Publish → searchable.
  const samples = [];
  for (let k = 0; k < 10; k++) {
    const word = `benchword${process.pid}x${k}`;
    const name = `io.github.bench/${word}`;
    const body = {
      $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
      name,
      description: `Bench server ${word}`,
      version: '1.0.0',
    };
    const t0 = performance.now();
    const res = await fetch(`${base}/v0.1/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
    await until(
      async () => (await fetch(`${base}/api/v1/search?mode=text&q=${word}`).then((r) => r.json())).total === 1,
      10_000,
      5,
    );
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  results.searchable = { p50: samples[Math.floor(samples.length / 2)], max: samples[samples.length - 1] };
  log(
    `publish → searchable: median ${results.searchable.p50.toFixed(0)} ms, max ${results.searchable.max.toFixed(0)} ms (target < 1000 ms)`,
  );

  if (opt.docs) writeDocs();
} finally {
  if (child) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  await scratch?.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
}

function writeDocs() {
  const s = results.search;
  const lat = (x) => `p50 ${x.p50} ms, p90 ${x.p90} ms, **p97.5 ${x.p975} ms**, ${Math.round(x.rps)} req/s`;
  const section = [
    `<!-- search-bench:${opt.db}:start -->`,
    `### ${opt.db === 'postgres' ? 'Postgres 15' : 'Embedded PGlite'}, search engine in memory on its own thread — ${results.date}`,
    '',
    `\`node bench/search.bench.mjs${opt.db === 'postgres' ? ' --db postgres' : ''} --servers ${N} --duration ${DURATION}\` on ${results.cpus} × ${results.cpu}; model glove-static-10k (50 dims). autocannon reports p90 and p97.5 but no p95; the target is held against p97.5.`,
    '',
    '| measure | figure | target |',
    '|---|---|---|',
    `| fixture import (${results.fixture.entries} entries, ${results.fixture.servers} servers) + index + embeddings | ${results.fixture.totalS.toFixed(2)} s (import ${results.fixture.importS.toFixed(2)} s, index ${results.fixture.indexS.toFixed(2)} s) | |`,
    `| mirror crawl of a generated ${N.toLocaleString('en-US')}-server upstream over HTTP + index + embeddings | ${results.mirror.totalS.toFixed(1)} s (crawl ${results.mirror.crawlS.toFixed(1)} s, index ${results.mirror.indexS.toFixed(1)} s) | < 60 s |`,
    `| search, text, ${CONNECTIONS} connections, ${queries.length} distinct queries (result cache on) | ${lat(s.text)} | |`,
    `| search, hybrid, same (result cache on) | ${lat(s.hybrid)} | |`,
    `| search, text, result cache off (every request computed) | ${lat(s['text-uncached'])} | |`,
    `| search, hybrid, result cache off (query embedding cached) | ${lat(s['hybrid-uncached'])} | p95 < 50 ms |`,
    `| hybrid / text p97.5, uncached | ×${(s['hybrid-uncached'].p975 / s['text-uncached'].p975).toFixed(2)} | |`,
    `| vector index on the ${results.vectorRecall.vectors.toLocaleString('en-US')} vectors | ${results.vectorRecall.clustered ? 'clustered (IVF)' : 'exact scan'}, recall@50 against the exact scan ${results.vectorRecall.recall.toFixed(3)} | |`,
    `| publish → searchable | median ${results.searchable.p50.toFixed(0)} ms, max ${results.searchable.max.toFixed(0)} ms | < 1 s |`,
    `<!-- search-bench:${opt.db}:end -->`,
  ].join('\n');
  writeDocsBlock(`search-bench:${opt.db}`, section, '');
  log(`wrote ${path.relative(ROOT, DOCS)}`);
}
