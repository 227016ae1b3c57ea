#!/usr/bin/env node
// Search quality on the evaluation set (apps/search/eval/queries.json): recall@10 and MRR@10 for
// text, semantic and hybrid search, beside the official registry's plain substring search.
//
//   pnpm search:eval                       # the fixture, the offline GloVe stand-in model
//   pnpm search:eval --model-dir <dir>     # any transformers.js model folder (e.g. all-MiniLM-L6-v2)
//   pnpm search:eval --sweep               # fusion weights × RRF k, to tune FUSION_PROFILES
//   pnpm search:eval --db postgres         # a scratch database on DATABASE_URL's server (in-memory vectors)
//   pnpm search:eval --per-query           # each query's rank of its first relevant result, per mode
//   pnpm search:eval --docs                # also write the figures into docs/BENCHMARKS.md
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    'model-dir': { type: 'string', default: path.resolve(ROOT, '../shared/models/glove-static-10k') },
    fixture: {
      type: 'string',
      default: path.resolve(ROOT, '../shared/fixtures/official-registry/production-2025-09-30.v0.1.json'),
    },
    queries: { type: 'string', default: path.join(ROOT, 'apps/search/eval/queries.json') },
    db: { type: 'string', default: 'pglite' },
    sweep: { type: 'boolean', default: false },
    'per-query': { type: 'boolean', default: false },
    docs: { type: 'boolean', default: false },
    k: { type: 'string', default: '10' },
  },
});
const K = Number(opts.k);

const { loadConfig } = require(path.join(ROOT, 'libs/config'));
const { startHub } = require(path.join(ROOT, 'apps/hub'));
const { SearchService, SearchIndexer, EmbeddingsService } = require(path.join(ROOT, 'apps/search'));
const { MirrorService } = require(path.join(ROOT, 'apps/registry'));

const evalSet = JSON.parse(fs.readFileSync(opts.queries, 'utf8'));
let scratch;
if (opts.db === 'postgres') {
  const pg = require('pg');
  const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `hub_eval_${process.pid}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  scratch = {
    url: url.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database ${name} with (force)`);
      await d.end();
    },
  };
}

const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  HUB_UPSTREAM_URL: 'off',
  HUB_RATE_LIMIT: '0',
  HUB_EMBEDDINGS_MODEL_DIR: opts['model-dir'],
  ...(scratch ? { DATABASE_URL: scratch.url } : {}),
});
if (!scratch) config.database = { kind: 'pglite', dataDir: 'memory://' };
const hub = await startHub(config, { listen: true });
try {
  const started = performance.now();
  await hub.app.get(MirrorService).importFile(opts.fixture);
  const embeddings = hub.app.get(EmbeddingsService);
  await embeddings.start();
  if (!embeddings.embedder) throw new Error(`no embedder: ${embeddings.unavailableReason}`);
  const indexer = hub.app.get(SearchIndexer);
  await indexer.catchUp();
  await indexer.idle();
  await indexer.embedMissing();
  await indexer.idle();
  const search = hub.app.get(SearchService);
  console.log(
    `indexed ${opts.fixture.split('/').pop()} in ${((performance.now() - started) / 1000).toFixed(1)} s; model ${embeddings.embedder.id}; vectors in ${indexer.vectorStore}`,
  );
  console.log(
    `${evalSet.queries.length} queries, ${(evalSet.queries.reduce((n, q) => n + q.relevant.length, 0) / evalSet.queries.length).toFixed(2)} relevant servers per query on average\n`,
  );

  /** recall@K and MRR@K of a ranking function over the whole set. */
  async function score(rank) {
    let recall = 0;
    let mrr = 0;
    const per = [];
    for (const { query, relevant } of evalSet.queries) {
      const got = (await rank(query)).slice(0, K);
      const rel = new Set(relevant);
      const hits = got.filter((n) => rel.has(n)).length;
      recall += hits / rel.size;
      const first = got.findIndex((n) => rel.has(n));
      mrr += first === -1 ? 0 : 1 / (first + 1);
      per.push(first === -1 ? '-' : String(first + 1));
    }
    const n = evalSet.queries.length;
    return { recall: recall / n, mrr: mrr / n, per };
  }
  const viaApi = (mode) => async (q) => (await search.search({ q, mode, limit: K })).results.map((r) => r.name);
  // The official registry's search: a case-insensitive substring of the server name, the query as typed.
  const substring = async (q) => {
    const res = await fetch(`${hub.url}/v0.1/servers?version=latest&limit=100&search=${encodeURIComponent(q)}`);
    return (await res.json()).servers.map((s) => s.server.name);
  };

  const rows = [];
  const baseline = await score(substring);
  rows.push(['substring (official)', baseline]);
  const modes = {};
  for (const mode of ['text', 'semantic', 'hybrid']) rows.push([mode, (modes[mode] = await score(viaApi(mode)))]);
  const fusion = search.fusionParams();
  const line = (label, s) => `| ${label.padEnd(22)} | ${s.recall.toFixed(3)} | ${s.mrr.toFixed(3)} |`;
  const table = [
    `| mode                   | recall@${K} | MRR@${K} |`,
    '|---|---|---|',
    ...rows.map(([l, s]) => line(l, s)),
  ].join('\n');
  console.log(table);
  console.log(
    `\nhybrid fusion: weighted RRF, text weight ${fusion.textWeight}, semantic weight ${fusion.semanticWeight}, k ${fusion.k}; deprecated ×${fusion.deprecatedFactor}`,
  );
  const hv = modes.hybrid;
  const tv = modes.text;
  console.log(
    `hybrid vs text: recall ${ratio(hv.recall, tv.recall)}, MRR ${ratio(hv.mrr, tv.mrr)}; text vs substring: recall ${ratio(tv.recall, baseline.recall)}, MRR ${ratio(tv.mrr, baseline.mrr)}`,
  );

  if (opts['per-query']) {
    console.log('\nrank of the first relevant result (text / semantic / hybrid):');
    evalSet.queries.forEach((q, i) =>
      console.log(
        `  ${modes.text.per[i].padStart(2)} ${modes.semantic.per[i].padStart(2)} ${modes.hybrid.per[i].padStart(2)}  ${q.query}`,
      ),
    );
  }

  if (opts.sweep) {
    console.log('\nsweep (hybrid recall / MRR):');
    const weights = [0, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1];
    for (const k of [10, 30, 60]) {
      const cells = [];
      for (const semanticWeight of weights) {
        search.fusionOverride = { k, semanticWeight };
        const s = await score(viaApi('hybrid'));
        cells.push(`w=${semanticWeight}: ${s.recall.toFixed(3)}/${s.mrr.toFixed(3)}`);
      }
      console.log(`  k=${k}  ${cells.join('  ')}`);
    }
    search.fusionOverride = undefined;
  }

  if (opts.docs) {
    const file = path.join(ROOT, 'docs/BENCHMARKS.md');
    const doc = fs.readFileSync(file, 'utf8');
    const section = [
      '<!-- search-eval:start -->',
      `Measured ${new Date().toISOString().slice(0, 10)} by \`pnpm search:eval\` over ${evalSet.queries.length} queries on the fixture, model \`${embeddings.embedder.id}\`, vectors in ${indexer.vectorStore}.`,
      '',
      table,
      '',
      `Hybrid: weighted RRF, text weight ${fusion.textWeight}, semantic weight ${fusion.semanticWeight}, k ${fusion.k}. Hybrid vs text: recall ${ratio(hv.recall, tv.recall)}, MRR ${ratio(hv.mrr, tv.mrr)}.`,
      '<!-- search-eval:end -->',
    ].join('\n');
    const re = /<!-- search-eval:start -->[\s\S]*<!-- search-eval:end -->/;
    fs.writeFileSync(
      file,
      re.test(doc) ? doc.replace(re, section) : `${doc.trimEnd()}\n\n## Search quality\n\n${section}\n`,
    );
    console.log(`\nwrote ${path.relative(ROOT, file)}`);
  }
} finally {
  await hub.close();
  await scratch?.drop();
}

function ratio(a, b) {
  return b === 0 ? (a === 0 ? '=' : '∞') : `×${(a / b).toFixed(2)}`;
}
