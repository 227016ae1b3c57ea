#!/usr/bin/env node
/**
 * What identity and abuse limits cost per request.
 *
 *   node bench/auth.bench.mjs [--duration 8] [--connections 32] [--repeats 3] [--redis redis://127.0.0.1:6379] [--docs]
 *
 * Starts the all-in-one Hub (apps/hub/dist/main.js, embedded PGlite, web off) three times: rate
 * limits off, on in this process (the embedded default), and on in Redis; the allowance is set
 * far above the load so every request is admitted and only the counting is measured. Against
 * each, autocannon drives: an anonymous read of one version, `whoami` with an API token (hash
 * lookup, touch, use counted, principal), and `whoami` with a registry JWT (Ed25519 check, use
 * counted against its token). The three Hubs run side by side and the cells are measured in
 * rounds, each round in a rotated order, so drift on a noisy machine spreads over every Hub
 * alike; each figure is the median of its rounds. Prints req/s, p50/p99 latency and each figure's
 * ratio to the limits-off Hub. `--docs` prints a Markdown table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { HUB_MAIN, answers, autocannon, freePort, spawnHub, stopChild } from './lib/hub.mjs';

const { values: opt } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '32' },
    repeats: { type: 'string', default: '3' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
    docs: { type: 'boolean', default: false },
  },
});
if (!fs.existsSync(HUB_MAIN)) {
  console.error('bench: build first (npx pnpm@12.21.0 build): apps/hub/dist/main.js is missing');
  process.exit(2);
}

async function startHub(extra) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-bench-'));
  const port = await freePort();
  const token = `bench-admin-${Math.random().toString(36).slice(2)}-xxxxxxxx`;
  const child = spawnHub(
    {
      PORT: String(port),
      HUB_EMBEDDINGS: 'off',
      HUB_WEB: 'off',
      HUB_DATA_DIR: dir,
      HUB_BOOTSTRAP_TOKEN: token,
      HUB_PUBLISH_QUOTA: '0',
      ...extra,
    },
    { output: 'stderr' },
  );
  const stop = async () => {
    await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    return await prepare(child, port, token, stop);
  } catch (err) {
    await stop();
    throw err;
  }
}

async function prepare(child, port, token, stop) {
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await answers(`${base}/healthz`))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('the Hub did not come up');
    await new Promise((r) => setTimeout(r, 100));
  }
  const call = async (method, p, body, bearer = token) => {
    const headers = { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) };
    const res = await fetch(base + p, { method, headers, body: body && JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const name = 'io.github.bench/weather';
  await call('POST', '/v0.1/publish', {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name,
    description: 'Bench server',
    version: '1.0.0',
  });
  const api = (await call('POST', '/api/v1/tokens', { namespace: 'io.github.bench/*', scopes: ['read', 'publish'] }))
    .token;
  const jwt = (await call('POST', '/api/v1/auth/token', undefined, api)).registry_token;
  return {
    base,
    api,
    jwt,
    read: `/v0.1/servers/${encodeURIComponent(name)}/versions/latest`,
    stop,
  };
}

function drive(url, headers) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: Number(opt.connections), duration: Number(opt.duration), headers }, (err, r) => {
      if (err) return reject(err);
      const bad = r.non2xx + r.errors + r.timeouts;
      if (bad > 0)
        return reject(new Error(`${url}: ${bad} of ${r.requests.total} requests failed (non-2xx ${r.non2xx})`));
      resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 });
    });
  });
}

const setups = [
  ['limits off', { HUB_RATE_LIMIT: '0' }],
  ['in-process limits', { HUB_RATE_LIMIT: '1000000' }],
  ['Redis limits', { HUB_RATE_LIMIT: '1000000', REDIS_URL: opt.redis, REDIS_KEY_PREFIX: `bench-${process.pid}:` }],
];
const hubs = [];
let results;
try {
  for (const [label, env] of setups) hubs.push({ label, hub: await startHub(env) });
  const routes = [
    ['read', (h) => [h.base + h.read, {}]],
    ['api', (h) => [`${h.base}/api/v1/whoami`, { authorization: `Bearer ${h.api}` }]],
    ['jwt', (h) => [`${h.base}/api/v1/whoami`, { authorization: `Bearer ${h.jwt}` }]],
  ];
  // Warm up each Hub and route once, so JIT and caches are not measured.
  for (const { hub } of hubs) for (const [, target] of routes) await drive(...target(hub)).catch(() => undefined);
  const samples = new Map(hubs.map(({ label }) => [label, { read: [], api: [], jwt: [] }]));
  const rounds = Number(opt.repeats);
  for (let round = 0; round < rounds; round++) {
    const order = hubs.map((_, i) => hubs[(i + round) % hubs.length]);
    for (const [route, target] of routes) {
      for (const { label, hub } of order) samples.get(label)[route].push(await drive(...target(hub)));
    }
    console.error(
      `round ${round + 1}/${rounds}: ${order.map(({ label }) => `${label} ${['read', 'api', 'jwt'].map((r) => samples.get(label)[r].at(-1).rps.toFixed(0)).join('/')}`).join('; ')}`,
    );
  }
  const median = (xs) => [...xs].sort((a, b) => a.rps - b.rps)[Math.floor(xs.length / 2)];
  results = hubs.map(({ label }) => {
    const s = samples.get(label);
    return {
      label,
      read: median(s.read),
      api: median(s.api),
      jwt: median(s.jwt),
      spread: Object.fromEntries(['read', 'api', 'jwt'].map((r) => [r, s[r].map((x) => x.rps.toFixed(0)).join(', ')])),
    };
  });
} finally {
  for (const { hub } of hubs) await hub.stop();
}

const base = results[0];
const cell = (r, b) => `${r.rps.toFixed(0)} (${(r.rps / b.rps).toFixed(2)}×) · ${r.p50} / ${r.p99} ms`;
const lines = [
  `| Hub | anonymous read of a version | whoami, API token | whoami, registry JWT |`,
  `| --- | --- | --- | --- |`,
  ...results.map(
    (r) => `| ${r.label} | ${cell(r.read, base.read)} | ${cell(r.api, base.api)} | ${cell(r.jwt, base.jwt)} |`,
  ),
];
console.log(
  `\nreq/s (ratio to "limits off"), median of ${opt.repeats} interleaved rounds · p50 / p99 latency; ${opt.connections} connections, ${opt.duration} s each, ${os.cpus().length} cores, Node ${process.version}\n`,
);
console.log(lines.join('\n'));
console.log(
  `\nEvery round's req/s (read; API token; JWT):\n${results.map((r) => `- ${r.label}: ${r.spread.read}; ${r.spread.api}; ${r.spread.jwt}`).join('\n')}`,
);
if (opt.docs) console.log(`\nJWT vs API token on whoami (limits off): ${(base.jwt.rps / base.api.rps).toFixed(2)}×`);
