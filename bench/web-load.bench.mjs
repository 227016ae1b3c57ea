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
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { HUB_MAIN, ROOT, startSite, waitForSeededHub } from './lib/hub.mjs';

const { driveVisitors } = createRequire(import.meta.url)('../test/web-visitors.cjs');
const { values: opt } = parseArgs({
  options: { visitors: { type: 'string', default: '50' }, seconds: { type: 'string', default: '30' } },
});

if (!fs.existsSync(path.join(ROOT, 'apps/web/.next/BUILD_ID')) || !fs.existsSync(HUB_MAIN)) {
  console.error('bench: build first (pnpm build)');
  process.exit(2);
}

const { api, web, stop } = await startSite('web-load-', { HUB_EMBEDDINGS: 'off' });
let failed;
try {
  await waitForSeededHub({ api, web, timeoutMs: 180_000, everyMs: 250 });
  const listed = await fetch(`${api}/v0.1/servers?version=latest&limit=12`).then((r) => r.json());
  const serverPaths = listed.servers.map((e) => `/servers/${e.server.name}`);
  const run = await driveVisitors({
    base: web,
    visitors: Number(opt.visitors),
    seconds: Number(opt.seconds),
    serverPaths,
  });
  const bad = Object.entries(run.byStatus).filter(([s]) => !/^[1-4]\d\d$/.test(s));
  console.log(
    [
      `${run.visitors} visitors for ${run.seconds.toFixed(1)} s, Node ${process.version}, ${os.cpus().length} cores, Hub on PGlite with the 456-server fixture, default rate limits.`,
      `${run.requests} pages, ${run.perSecond.toFixed(1)}/s; latency p50 ${run.p50.toFixed(0)} ms, p99 ${run.p99.toFixed(0)} ms, max ${run.max.toFixed(0)} ms.`,
      '',
      '| page | answers |',
      '|---|---|',
      ...Object.entries(run.byPage).map(
        ([kind, statuses]) =>
          `| ${kind} | ${Object.entries(statuses)
            .map(([s, n]) => `${n} × ${s}`)
            .join(', ')} |`,
      ),
      '',
      bad.length ? `FAIL: ${bad.map(([s, n]) => `${n} × ${s}`).join(', ')}` : 'No 5xx, no connection errors.',
    ].join('\n'),
  );
  failed = bad.length > 0;
} finally {
  await stop();
}
process.exit(failed ? 1 : 0);
