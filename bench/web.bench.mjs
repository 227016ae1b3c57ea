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
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = path.resolve(ROOT, '../shared/fixtures/official-registry/production-2025-09-30.v0.1.json');
const MODEL = path.resolve(ROOT, '../shared/models/glove-static-10k');
const { values: opt } = parseArgs({ options: { runs: { type: 'string', default: '50' }, docs: { type: 'boolean', default: false } } });
const RUNS = Number(opt.runs);

if (!fs.existsSync(path.join(ROOT, 'apps/web/.next/BUILD_ID'))) {
  console.error('bench: build first (pnpm build): apps/web/.next is missing');
  process.exit(2);
}
const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

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
        resolve({ status: res.statusCode, ttfb: ttfb ?? Number(process.hrtime.bigint() - t0) / 1e6, wire: raw.length, body: body.toString('utf8'), headers: res.headers });
      });
    });
    req.on('error', reject);
  });
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p90: s[Math.ceil(s.length * 0.9) - 1], min: s[0] };
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'web-bench-'));
const port = await freePort();
const webPort = await freePort();
const api = `http://127.0.0.1:${port}`;
const web = `http://127.0.0.1:${webPort}`;
const hub = spawn(process.execPath, [path.join(ROOT, 'apps/hub/dist/main.js')], {
  env: {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    WEB_PORT: String(webPort),
    LOG_LEVEL: 'error',
    HUB_UPSTREAM_URL: 'off',
    HUB_RATE_LIMIT: '0',
    HUB_EMBEDDINGS_MODEL_DIR: MODEL,
    HUB_DATA_DIR: path.join(tmp, 'hub'),
    HUB_SEED_FILE: FIXTURE,
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
try {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const z = await fetch(`${api}/healthz`).then((r) => r.json(), () => undefined);
    const up = await fetch(`${web}/robots.txt`).then((r) => r.ok, () => false);
    if (up && z?.checks?.search?.pending === 0 && z.checks.search.documents > 400) break;
    if (Date.now() > deadline) throw new Error('the Hub did not come up');
    await new Promise((r) => setTimeout(r, 250));
  }

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
    const assets = [...first.body.matchAll(/<(script[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref)="([^"]+)"[^>]*>/g)].filter((m) => !/noModule/i.test(m[0])).map((m) => m[2]);
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
    ...rows.map((r) => `| ${r.label} | ${r.t.median.toFixed(1)} | ${r.t.p90.toFixed(1)} | ${r.t.min.toFixed(1)} | ${kb(r.html)} | ${kb(r.js)} | ${kb(r.css)} | ${kb(r.html + r.js + r.css)} | ${r.cache} |`),
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
    const file = path.join(ROOT, 'docs/BENCHMARKS.md');
    const block = ['<!-- web-bench:start -->', `### Web site — ${new Date().toISOString().slice(0, 10)}`, '', summary, '', table, '<!-- web-bench:end -->'].join('\n');
    const text = fs.readFileSync(file, 'utf8');
    const re = /<!-- web-bench:start -->[\s\S]*<!-- web-bench:end -->/;
    fs.writeFileSync(
      file,
      re.test(text)
        ? text.replace(re, block)
        : text.trimEnd() + '\n\n## Web site\n\nMeasured by `bench/web.bench.mjs` (`pnpm build` first): TTFB and transfer of the production build, as a browser fetches it.\n\n' + block + '\n',
    );
  }
} finally {
  hub.kill('SIGTERM');
  await new Promise((r) => hub.once('exit', r));
  fs.rmSync(tmp, { recursive: true, force: true });
}
