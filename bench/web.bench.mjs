#!/usr/bin/env node
/**
 * The web site's speed, on the production build: time to first byte and bytes transferred for
 * the home page, a results page and a server page, as a browser fetches them.
 *
 *   node bench/web.bench.mjs [--runs 50] [--docs]
 *
 * Starts the built Hub (`apps/hub/dist/main.js`, as `pnpm start` does: API + web site as its
 * child) on embedded PGlite, seeded from the official-registry fixture, with the offline GloVe
 * embedder. Each request is sequential on a fresh connection; the first (uncached) request of a
 * server page is reported separately from cached ones. Transfer: the HTML, gzip-compressed as
 * `next start` sends it, plus every script and stylesheet the page references (gzip -6), except the
 * noModule polyfills that no module-capable browser downloads.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { MODEL, ROOT, startSite, stats, waitForSeededHub, writeDocsBlock } from './lib/hub.mjs';

const { values: opt } = parseArgs({
  options: { runs: { type: 'string', default: '50' }, docs: { type: 'boolean', default: false } },
});
const RUNS = Number(opt.runs);

if (!fs.existsSync(path.join(ROOT, 'apps/web/.next/BUILD_ID'))) {
  console.error('bench: build first (pnpm build): apps/web/.next is missing');
  process.exit(2);
}
/** One GET on a new connection: ms to the first body byte, total ms, bytes on the wire, body. */
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.get(url, { agent: false, headers: { 'accept-encoding': 'gzip', ...headers } }, (res) => {
      let ttfb;
      const chunks = [];
      res.on('data', (c) => {
        ttfb ??= Number(process.hrtime.bigint() - t0) / 1e6;
        chunks.push(c);
      });
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const body = res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw;
        resolve({
          status: res.statusCode,
          ttfb: ttfb ?? Number(process.hrtime.bigint() - t0) / 1e6,
          wire: raw.length,
          body: body.toString('utf8'),
          headers: res.headers,
        });
      });
    });
    req.on('error', reject);
  });
}

const { api, web, stop } = await startSite('web-bench-', { HUB_RATE_LIMIT: '0', HUB_EMBEDDINGS_MODEL_DIR: MODEL });
try {
  await waitForSeededHub({ api, web, timeoutMs: 180_000, everyMs: 250 });

  const SERVER = '/servers/io.github.github/github-mcp-server';
  const pages = [
    ['home /', '/'],
    ['results /search?q=send+email', '/search?q=send+email'],
    [`server page ${SERVER}`, SERVER],
  ];
  const rows = [];
  // The first request of a server page renders it (nothing cached yet).
  const cold = [];
  const listed = await fetch(`${api}/v0.1/servers?version=latest&limit=20`).then((r) => r.json());
  for (const name of listed.servers.map((e) => e.server.name)) {
    const r = await get(`${web}/servers/${name}`);
    if (r.status === 200) cold.push(r.ttfb);
  }
  for (const [label, p] of pages) {
    const first = await get(`${web}${p}`);
    if (first.status !== 200) throw new Error(`${p} answered ${first.status}`);
    const samples = [];
    let cache;
    for (let i = 0; i < RUNS; i++) {
      const r = await get(`${web}${p}`);
      samples.push(r.ttfb);
      cache = r.headers['x-nextjs-cache'] ?? cache;
    }
    // What a first visit downloads: the HTML plus every script and stylesheet it references.
    // (Not the noModule polyfills: browsers that run modules never fetch them.)
    const assets = [...first.body.matchAll(/<(script[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref)="([^"]+)"[^>]*>/g)]
      .filter((m) => !/noModule/i.test(m[0]))
      .map((m) => m[2]);
    let js = 0;
    let css = 0;
    for (const a of new Set(assets)) {
      const r = await get(new URL(a, web).toString());
      const gz = zlib.gzipSync(Buffer.from(r.body, 'utf8'), { level: 6 }).length;
      if (a.endsWith('.css')) css += gz;
      else js += gz;
    }
    rows.push({ label, t: stats(samples), html: first.wire, js, css, cache: cache ?? 'dynamic' });
  }
  const kb = (n) => (n / 1024).toFixed(1);
  const table = [
    '| page | TTFB median ms | p90 ms | min ms | HTML gz KB | JS gz KB | CSS gz KB | total KB | cache |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.t.median.toFixed(1)} | ${r.t.p90.toFixed(1)} | ${r.t.min.toFixed(1)} | ${kb(r.html)} | ${kb(r.js)} | ${kb(r.css)} | ${kb(r.html + r.js + r.css)} | ${r.cache} |`,
    ),
  ].join('\n');
  const serverRow = rows[2];
  const coldS = stats(cold);
  const summary =
    `${RUNS} sequential requests per page on new connections, Node ${process.version}, ${os.cpus().length} cores, production build (\`next start\`), ` +
    `Hub on PGlite seeded with 456 servers. Cached server page: TTFB ${serverRow.t.median.toFixed(1)} ms median (target < 100 ms), ` +
    `JS ${kb(serverRow.js)} KB gzipped (target < 150 KB). A server page's first, uncached render: ${coldS.median.toFixed(0)} ms median over ${cold.length} pages ` +
    `(${(coldS.median / serverRow.t.median).toFixed(0)}× a cached hit).`;
  console.log(table + '\n\n' + summary);
  if (opt.docs) {
    const block = [
      '<!-- web-bench:start -->',
      `### Web site — ${new Date().toISOString().slice(0, 10)}`,
      '',
      summary,
      '',
      table,
      '<!-- web-bench:end -->',
    ].join('\n');
    writeDocsBlock(
      'web-bench',
      block,
      '## Web site\n\nMeasured by `bench/web.bench.mjs` (`pnpm build` first): TTFB and transfer of the production build, as a browser fetches it.\n\n',
    );
  }
} finally {
  await stop();
}
