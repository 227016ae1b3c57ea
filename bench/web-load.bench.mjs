#!/usr/bin/env node
/**
 * The site under load, as the issue's acceptance test asks: 50 concurrent visitors for 30 s, each
 * with an address of its own, against the Hub's default rate limits (180 a minute per client,
 * burst 540). Prints pages per second, latency and every status seen; exits 1 on any 5xx or
 * connection error.
 *
 *   node bench/web-load.bench.mjs [--visitors 50] [--seconds 30]
 *
 * Starts the built Hub (`apps/hub/dist/main.js`: API + web site as its child) on embedded PGlite,
 * seeded from the official-registry fixture, with text search only (HUB_EMBEDDINGS=off). The
 * visitors are test/web-visitors.cjs, the same as the suite's shorter run
 * (apps/web/test/load.e2e.spec.ts). Talks only to 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { driveVisitors } = createRequire(import.meta.url)('../test/web-visitors.cjs');
const FIXTURE = path.resolve(ROOT, '../shared/fixtures/official-registry/production-2025-09-30.v0.1.json');
const { values: opt } = parseArgs({ options: { visitors: { type: 'string', default: '50' }, seconds: { type: 'string', default: '30' } } });

if (!fs.existsSync(path.join(ROOT, 'apps/web/.next/BUILD_ID')) || !fs.existsSync(path.join(ROOT, 'apps/hub/dist/main.js'))) {
  console.error('bench: build first (pnpm build)');
  process.exit(2);
}
const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'web-load-'));
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
    HUB_EMBEDDINGS: 'off',
    HUB_DATA_DIR: path.join(tmp, 'hub'),
    HUB_SEED_FILE: FIXTURE,
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
let failed = false;
try {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const z = await fetch(`${api}/healthz`).then((r) => r.json(), () => undefined);
    const up = await fetch(`${web}/robots.txt`).then((r) => r.ok, () => false);
    if (up && z?.checks?.search?.pending === 0 && z.checks.search.documents > 400) break;
    if (Date.now() > deadline) throw new Error('the Hub did not come up');
    await new Promise((r) => setTimeout(r, 250));
  }
  const listed = await fetch(`${api}/v0.1/servers?version=latest&limit=12`).then((r) => r.json());
  const serverPaths = listed.servers.map((e) => `/servers/${e.server.name}`);
  const run = await driveVisitors({ base: web, visitors: Number(opt.visitors), seconds: Number(opt.seconds), serverPaths });
  const bad = Object.entries(run.byStatus).filter(([s]) => !/^[1-4]\d\d$/.test(s));
  console.log(
    [
      `${run.visitors} visitors for ${run.seconds.toFixed(1)} s, Node ${process.version}, ${os.cpus().length} cores, Hub on PGlite with the 456-server fixture, default rate limits.`,
      `${run.requests} pages, ${run.perSecond.toFixed(1)}/s; latency p50 ${run.p50.toFixed(0)} ms, p99 ${run.p99.toFixed(0)} ms, max ${run.max.toFixed(0)} ms.`,
      '',
      '| page | answers |',
      '|---|---|',
      ...Object.entries(run.byPage).map(([kind, statuses]) => `| ${kind} | ${Object.entries(statuses).map(([s, n]) => `${n} × ${s}`).join(', ')} |`),
      '',
      bad.length ? `FAIL: ${bad.map(([s, n]) => `${n} × ${s}`).join(', ')}` : 'No 5xx, no connection errors.',
    ].join('\n'),
  );
  failed = bad.length > 0;
} finally {
  hub.kill('SIGTERM');
  await new Promise((r) => hub.once('exit', r));
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
