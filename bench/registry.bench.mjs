#!/usr/bin/env node
/**
 * Registry API benchmark: read throughput and latency of the official /v0.1 routes with a large
 * catalogue loaded, and the publish rate. See bench/README.md.
 *
 *   pnpm build && node bench/registry.bench.mjs               # real Postgres (127.0.0.1:5432)
 *   node bench/registry.bench.mjs --db pglite                  # embedded PGlite
 *   node bench/registry.bench.mjs --help
 *
 * The Hub runs as a child process (apps/hub/dist/main.js) on a fresh database that is dropped at
 * the end, also on failure or Ctrl-C. Everything talks to 127.0.0.1 only.
 */
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort, sleep } from './lib/hub.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const pg = require('pg');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HUB_MAIN = path.join(ROOT, 'apps/hub/dist/main.js');
const DB_LIB = path.join(ROOT, 'libs/db/dist/index.js');
const DOCS = path.join(ROOT, 'docs/BENCHMARKS.md');
const SCHEMA_2025_12_11 = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const REQUEST_TIMEOUT_S = 10; // autocannon's per-request timeout
const TARGETS = { detail: 15, list: 30, cursor: 30, 'detail-uncached': 15 };
const MAX_OTHER_CPU = 20; // % of one core used by other processes during a run before the figures are called skewed

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `Usage: node bench/registry.bench.mjs [options]

  --db postgres|pglite        database under the Hub (default postgres)
  --pg-url URL                admin URL of the local Postgres (default postgres://postgres@127.0.0.1:5432/postgres)
  --db-name NAME              database to create and drop (default hub_bench_<pid>)
  --servers N                 servers to load (default 20000; ~1.4 versions each)
  --connections N             autocannon connections (default 64)
  --duration S                measured seconds per route (default 20)
  --warmup S                  unreported warm-up seconds per route (default 3)
  --baseline S                seconds of a 1-connection run per route, for service time (default 5; 0 = skip)
  --routes LIST               any of list,detail,cursor,detail-uncached (default all four)
  --publish N                 versions to publish through POST /v0.1/publish (default 1000; 0 = skip)
  --publish-concurrency N     concurrent publishers (default 8)
  --pool-size N               HUB_DB_POOL_SIZE for the Hub (default: the Hub's default)
  --read-cache-mb N           HUB_READ_CACHE_MB for the Hub; 0 = every read goes to the database
                              (default: the Hub's default)
  --cpu-prof                  run the Hub with --cpu-prof and print where its CPU time went
  --docs / --no-docs          rewrite the "## Registry API" section of docs/BENCHMARKS.md
                              (default: only when run with the issue's parameters)
  --fixture FILE              fixture with server.json shapes (default ../shared/fixtures/official-registry/production-2025-09-30.v0.1.json)
  --timeout S                 hard limit for the whole run (default 1200)
`;

const { values: opt } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    'db-name': { type: 'string', default: `hub_bench_${process.pid}` },
    servers: { type: 'string', default: '20000' },
    connections: { type: 'string', default: '64' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    baseline: { type: 'string', default: '5' },
    routes: { type: 'string', default: 'list,detail,cursor,detail-uncached' },
    publish: { type: 'string', default: '1000' },
    'publish-concurrency': { type: 'string', default: '8' },
    'pool-size': { type: 'string' },
    'read-cache-mb': { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    docs: { type: 'boolean' },
    'no-docs': { type: 'boolean' },
    fixture: {
      type: 'string',
      default: path.resolve(ROOT, '../shared/fixtures/official-registry/production-2025-09-30.v0.1.json'),
    },
    timeout: { type: 'string', default: '1200' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (opt.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const int = (name, min = 0) => {
  const n = Number(opt[name]);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be a whole number >= ${min}`);
  return n;
};
function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

const MODE = opt.db;
if (MODE !== 'postgres' && MODE !== 'pglite') fail('--db must be postgres or pglite');
const N_SERVERS = int('servers', 1);
const CONNECTIONS = int('connections', 1);
const DURATION = int('duration', 1);
const WARMUP = int('warmup');
const BASELINE = int('baseline');
const N_PUBLISH = int('publish');
const PUBLISH_CONC = int('publish-concurrency', 1);
const TIMEOUT = int('timeout', 10);
const ROUTES = opt.routes
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
for (const r of ROUTES) if (!Object.keys(TARGETS).includes(r)) fail(`unknown route "${r}" in --routes`);
if (!/^[a-z_][a-z0-9_]*$/.test(opt['db-name'])) fail('--db-name must be a plain lower-case identifier');
const pgAdminUrl = new URL(opt['pg-url']);
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(pgAdminUrl.hostname))
  fail('--pg-url must point at 127.0.0.1 (this benchmark only talks to the local machine)');
const ISSUE_PARAMS =
  N_SERVERS === 20000 &&
  CONNECTIONS === 64 &&
  DURATION === 20 &&
  N_PUBLISH === 1000 &&
  PUBLISH_CONC === 8 &&
  ['list', 'detail', 'cursor'].every((r) => ROUTES.includes(r)) &&
  !opt['cpu-prof'];
const WRITE_DOCS = opt['no-docs'] ? false : (opt.docs ?? ISSUE_PARAMS);

if (!fs.existsSync(HUB_MAIN)) fail(`${path.relative(ROOT, HUB_MAIN)} is missing: build first (npx pnpm@12.21.0 build)`);

// ---------------------------------------------------------------------------------------------
// Cleanup: the child, the database, the temp folder. Runs once, on success, failure or signal.

const state = {
  monitor: undefined,
  child: undefined,
  childExit: undefined,
  dbCreated: false,
  tmp: undefined,
  profDir: undefined,
  cleaning: undefined,
};
const log = (s = '') => process.stdout.write(s + '\n');
const step = (s) => log(`\n== ${s}`);

async function cleanup() {
  state.cleaning ??= (async () => {
    if (state.monitor) await state.monitor.end().catch(() => undefined);
    state.monitor = undefined;
    await stopHub().catch((e) => log(`  (stopping the Hub: ${e.message})`));
    if (state.dbCreated) {
      const admin = new pg.Client({ connectionString: opt['pg-url'] });
      try {
        await admin.connect();
        await admin.query(`drop database if exists ${opt['db-name']} with (force)`);
        state.dbCreated = false;
      } catch (e) {
        log(`  (could not drop database ${opt['db-name']}: ${e.message})`);
      } finally {
        await admin.end().catch(() => undefined);
      }
    }
    if (state.tmp) fs.rmSync(state.tmp, { recursive: true, force: true });
  })();
  return state.cleaning;
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    log(`\n${sig}: stopping the Hub and dropping the benchmark database...`);
    void cleanup().finally(() => process.exit(130));
  });
}
const watchdog = setTimeout(() => {
  log(`\nbench: hard time limit of ${TIMEOUT}s reached; cleaning up`);
  void cleanup().finally(() => process.exit(1));
}, TIMEOUT * 1000);
watchdog.unref();

// ---------------------------------------------------------------------------------------------
// Small helpers

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(arr, rand) {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [arr[i], arr[j]] = [arr[j], arr[i]];
  }
  return arr;
}

/** Nearest-rank percentile over every recorded sample (no histogram bucketing). */
function percentiles(samples) {
  const s = Float64Array.from(samples).sort();
  const at = (q) => (s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]);
  const mean = s.length === 0 ? NaN : s.reduce((a, b) => a + b, 0) / s.length;
  return {
    n: s.length,
    mean,
    p50: at(0.5),
    p90: at(0.9),
    p95: at(0.95),
    p99: at(0.99),
    max: s.length ? s[s.length - 1] : NaN,
  };
}

const ms = (v) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) : 'n/a');
const fmtInt = (v) => Math.round(v).toLocaleString('en-US');
const ratio = (x) => (x < 2 ? x.toFixed(2) : x.toFixed(1));

const encodeCursor = (name, version) => Buffer.from(JSON.stringify([name, version]), 'utf8').toString('base64url');

// CPU accounting from /proc, so the report can say who used the two cores during each run.
let CLK_TCK = 100;
try {
  CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  /* keep 100 */
}
function procTicks(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime
  } catch {
    return 0;
  }
}
/** Ticks of the Postgres backends serving the benchmark database (other databases' backends are other work). */
async function postgresTicks() {
  if (!state.monitor) return undefined;
  const { rows } = await state.monitor.query(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  return new Map(rows.map((r) => [r.pid, procTicks(r.pid)]));
}
function machineTicks() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    return { total: f.reduce((a, b) => a + b, 0), idle: f[3] + f[4] };
  } catch {
    return undefined;
  }
}
async function cpuSnapshot() {
  const self = process.cpuUsage();
  return {
    at: performance.now(),
    hub: state.child ? procTicks(state.child.pid) : NaN,
    pg: await postgresTicks(),
    bench: (self.user + self.system) / 1e6,
    machine: machineTicks(),
  };
}
/** Percent of one core (200% = both cores of this machine) used during the interval. */
function cpuShare(a, b) {
  const secs = (b.at - a.at) / 1000;
  const pct = (t) => (t / CLK_TCK / secs) * 100;
  const hub = pct(b.hub - a.hub);
  let pgPct = NaN;
  if (a.pg && b.pg) {
    let t = 0;
    for (const [pid, ticks] of b.pg) t += ticks - (a.pg.get(pid) ?? 0);
    pgPct = pct(t);
  }
  const bench = ((b.bench - a.bench) / secs) * 100;
  let other = NaN;
  if (a.machine && b.machine) {
    const dt = b.machine.total - a.machine.total;
    const busy = ((dt - (b.machine.idle - a.machine.idle)) / dt) * 100 * os.cpus().length;
    other = Math.max(0, busy - hub - (Number.isFinite(pgPct) ? pgPct : 0) - bench);
  }
  return { hub, pg: pgPct, bench, other };
}
const fmtCpu = (c) =>
  `hub ${Math.round(c.hub)}%` +
  (Number.isFinite(c.pg) ? `, postgres ${Math.round(c.pg)}%` : '') +
  `, load generator ${Math.round(c.bench)}%` +
  (Number.isFinite(c.other) ? `, other ${Math.round(c.other)}%` : '');

// ---------------------------------------------------------------------------------------------
// Data: 20,000 servers generated from the shapes of the production fixture

function loadShapes() {
  const fixture = JSON.parse(fs.readFileSync(opt.fixture, 'utf8'));
  const byName = new Map();
  for (const entry of fixture.servers) {
    const meta = entry._meta?.['io.modelcontextprotocol.registry/official'];
    if (!byName.has(entry.server.name) || meta?.isLatest) byName.set(entry.server.name, entry.server);
  }
  // A few early production names break today's rule (exactly one "/"); the Hub would reject
  // cursors built from them, so those shapes are left out.
  return [...byName.values()]
    .filter((sv) => /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/.test(sv.name) && sv.name.length <= 190)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Server i takes fixture shape i mod |shapes|, renamed `<namespace>-b<i>/<name>`, everything else
 * kept. 70% have one version (the fixture's own), 20% two and 10% three (1.0.0, 1.1.0, 1.2.0).
 */
function generate(n, shapes) {
  const base = Date.parse('2025-06-01T00:00:00Z');
  const servers = [];
  for (let i = 0; i < n; i++) {
    const shape = shapes[i % shapes.length];
    const slash = shape.name.indexOf('/');
    const namespace = `${shape.name.slice(0, slash)}-b${i}`;
    const name = `${namespace}${shape.name.slice(slash)}`;
    const count = i % 10 < 7 ? 1 : i % 10 < 9 ? 2 : 3;
    const versions = [];
    for (let k = 0; k < count; k++) {
      const version = count === 1 ? shape.version : `1.${k}.0`;
      const at = new Date(base + i * 60_000 + k * 1000).toISOString();
      versions.push({ version, json: JSON.stringify({ ...shape, name, version }), at, isLatest: k === count - 1 });
    }
    servers.push({ name, namespace, versions });
  }
  return servers;
}

/** Multi-row INSERTs, 1,000 servers (and their ~1,400 versions) per transaction. */
async function bulkLoad(exec, servers) {
  const started = performance.now();
  let versionRows = 0;
  for (let off = 0; off < servers.length; off += 1000) {
    const chunk = servers.slice(off, off + 1000);
    await exec('begin');
    {
      const params = [];
      const rows = chunk.map((s) => {
        const b = params.length;
        params.push(s.name, s.namespace, s.versions[0].at, s.versions[s.versions.length - 1].at);
        return `($${b + 1}, $${b + 2}, $${b + 3}::timestamptz, $${b + 4}::timestamptz)`;
      });
      await exec(`insert into servers (name, namespace, created_at, updated_at) values ${rows.join(', ')}`, params);
    }
    const versions = chunk.flatMap((s) => s.versions.map((v) => ({ ...v, serverName: s.name })));
    for (let voff = 0; voff < versions.length; voff += 1000) {
      const params = [];
      const rows = versions.slice(voff, voff + 1000).map((v) => {
        const b = params.length;
        params.push(v.serverName, v.version, v.json, v.at, v.isLatest);
        // server_json untyped: it takes the column's type (json or jsonb) and the text goes in as is.
        return `($${b + 1}, $${b + 2}, $${b + 3}, 'active', $${b + 4}::timestamptz, $${b + 5}::boolean, $${b + 4}::timestamptz, $${b + 4}::timestamptz, 'local')`;
      });
      await exec(
        `insert into server_versions (server_name, version, server_json, status, status_changed_at, is_latest, published_at, updated_at, source) values ${rows.join(', ')}`,
        params,
      );
      versionRows += rows.length;
    }
    await exec('commit');
  }
  const insertSecs = (performance.now() - started) / 1000;
  await exec('analyze servers');
  await exec('analyze server_versions');
  const totalSecs = (performance.now() - started) / 1000;
  return { servers: servers.length, versions: versionRows, insertSecs, totalSecs };
}

async function loadPostgres(url, servers) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const loaded = await bulkLoad((text, params) => client.query(text, params), servers);
    // The rows went in behind the Hub's back: tell its read cache, if it has one, to forget.
    // The channel lives in @mcp-hub/registry-port (older trees: @mcp-hub/db).
    const portLib = path.join(ROOT, 'libs/registry-port/dist/index.js');
    const { REGISTRY_CHANGED_CHANNEL } = require(fs.existsSync(portLib) ? portLib : DB_LIB);
    if (REGISTRY_CHANGED_CHANNEL)
      await client.query('select pg_notify($1, $2)', [REGISTRY_CHANGED_CHANNEL, 'bench-load']);
    return loaded;
  } finally {
    await client.end();
  }
}

/** PGlite is one process's database: load through the Hub's own db lib, then close it for the Hub. */
async function loadPglite(dataDir, servers) {
  const { openDatabase } = require(DB_LIB);
  const migrateStart = performance.now();
  const handle = await openDatabase({ kind: 'pglite', dataDir });
  const migrateSecs = (performance.now() - migrateStart) / 1000;
  try {
    const client = handle.db.$client;
    const loaded = await bulkLoad((text, params) => client.query(text, params), servers);
    return { ...loaded, migrateSecs };
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The Hub as a child process

const childTail = [];
function startHub(env, extraArgs = []) {
  const args = [...extraArgs];
  if (opt['cpu-prof'] && extraArgs.length === 0) {
    state.profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-prof-'));
    args.push('--cpu-prof', `--cpu-prof-dir=${state.profDir}`);
  }
  args.push(HUB_MAIN);
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  state.child = child;
  state.childExit = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      if (state.child === child) {
        // Not stopped by us: say so at once, the measurements after this point are void.
        state.unexpectedExit = { code, signal };
        log(
          `\n!! the Hub (pid ${child.pid}) exited on its own or was signalled from outside (code ${code}, signal ${signal}); last output:\n${childTail.join('\n')}`,
        );
      }
      resolve({ code, signal });
    }),
  );
  const keep = (buf) => {
    for (const line of buf.toString('utf8').split('\n')) {
      if (!line) continue;
      childTail.push(line);
      if (childTail.length > 40) childTail.shift();
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return child;
}

async function waitHealthy(base, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let exited;
  void state.childExit.then((e) => (exited = e));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the Hub exited during boot (${JSON.stringify(exited)}):\n${childTail.join('\n')}`);
    try {
      const res = await fetch(`${base}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  throw new Error(`the Hub did not become healthy in ${timeoutMs / 1000}s:\n${childTail.join('\n')}`);
}

async function stopHub() {
  const child = state.child;
  if (!child) return;
  state.child = undefined;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await state.childExit;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP checks, autocannon runs, publishing

async function getJson(url, init) {
  const res = await fetch(url, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

function check(cond, message) {
  if (!cond) throw new Error(`sanity check failed: ${message}`);
}

/** Before timing anything: the routes return what was loaded, so we measure correct answers. */
async function sanityChecks(base, ordered, dataset) {
  const page = await getJson(`${base}/v0.1/servers?limit=100`);
  check(page.status === 200, `list returned ${page.status}: ${JSON.stringify(page.body).slice(0, 300)}`);
  check(
    page.body.servers.length === 100 && page.body.metadata.nextCursor,
    'list did not return 100 items and a nextCursor',
  );
  check(
    page.body.servers[0].server.name === ordered[0].server_name,
    'first list item is not the first (name, version)',
  );

  const mid = Math.floor(ordered.length / 2);
  const cur = await getJson(
    `${base}/v0.1/servers?limit=100&cursor=${encodeCursor(ordered[mid].server_name, ordered[mid].version)}`,
  );
  check(cur.status === 200 && cur.body.servers.length === 100, `cursor page returned ${cur.status}`);
  const first = cur.body.servers[0].server;
  check(
    first.name === ordered[mid + 1].server_name && first.version === ordered[mid + 1].version,
    'cursor page does not start right after the cursor',
  );

  const multi = dataset.find((s) => s.versions.length === 3);
  const det = await getJson(`${base}/v0.1/servers/${encodeURIComponent(multi.name)}/versions/latest`);
  check(det.status === 200, `detail returned ${det.status}`);
  check(det.body.server.version === '1.2.0', `latest of ${multi.name} is ${det.body.server.version}, expected 1.2.0`);
  check(
    det.body._meta['io.modelcontextprotocol.registry/official'].isLatest === true,
    'detail is not flagged isLatest',
  );
  return {
    listBytes: Buffer.byteLength(JSON.stringify(page.body)),
    detailBytes: Buffer.byteLength(JSON.stringify(det.body)),
  };
}

async function cannon(base, makePath, connections, duration) {
  const latencies = [];
  let non2xx = 0;
  const statuses = {};
  const cache = { hit: 0, miss: 0 };
  const requests = [
    {
      method: 'GET',
      setupRequest: (req) => {
        req.path = makePath();
        return req;
      },
      // The Hub's read cache says per response whether it served it (x-hub-cache: hit | miss).
      onResponse: (_status, _body, _context, headers) => {
        const h = headers?.['x-hub-cache'];
        if (h === 'hit') cache.hit++;
        else if (h === 'miss') cache.miss++;
      },
    },
  ];
  const before = await cpuSnapshot();
  const instance = autocannon({
    url: base,
    connections,
    duration,
    requests,
    headers: { accept: 'application/json' },
    timeout: REQUEST_TIMEOUT_S,
  });
  const t0 = performance.now();
  const slow = []; // [seconds into the run when the response arrived, latency ms] for responses over 1 s
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    if (responseTime > 1000) slow.push([(performance.now() - t0) / 1000, responseTime]);
    if (statusCode < 200 || statusCode >= 300) {
      non2xx++;
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    }
  });
  // A request that hits autocannon's timeout never gets a response: count it as 10 s (a lower bound).
  let timedOut = 0;
  instance.on('reqError', (err) => {
    if (err?.message === 'request timed out') timedOut++;
  });
  const result = await instance;
  if (state.unexpectedExit) throw new Error('the Hub went away during a run; no figures reported');
  const cpu = cpuShare(before, await cpuSnapshot());
  const responses = latencies.length;
  for (let i = 0; i < timedOut; i++) latencies.push(REQUEST_TIMEOUT_S * 1000);
  const pct = percentiles(latencies);
  return {
    slow,
    cacheHitPct: cache.hit + cache.miss > 0 ? (cache.hit / (cache.hit + cache.miss)) * 100 : undefined,
    rps: responses / result.duration,
    ...pct,
    non2xx,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerReq: result.throughput.total / Math.max(1, result.requests.total),
    mbPerSec: result.throughput.total / result.duration / 1e6,
    ac: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      avgRps: result.requests.average,
    },
    cpu,
    duration: result.duration,
  };
}

async function publishBench(base, token, dataset, n, concurrency) {
  const rand = mulberry32(20251211);
  const jobs = [];
  // 60% as three versions each of new servers (same-server publishes race for the server lock and
  // flip isLatest), 40% as a new top version of servers that are already loaded (latest moves).
  const fresh = Math.floor((n * 0.6) / 3);
  for (let s = 0; s < fresh; s++) {
    const name = `io.github.bench-pub/srv-${String(s).padStart(4, '0')}`;
    for (const version of ['1.0.0', '1.1.0', '1.2.0']) jobs.push({ name, version, expect: '1.2.0' });
  }
  const existing = shuffle([...dataset.keys()], rand).slice(0, n - jobs.length);
  for (const i of existing) jobs.push({ name: dataset[i].name, version: '1000.0.0', expect: '1000.0.0' });
  shuffle(jobs, rand);

  const body = (j) =>
    JSON.stringify({
      $schema: SCHEMA_2025_12_11,
      name: j.name,
      description: `Benchmark server ${j.name}`,
      version: j.version,
      packages: [
        {
          registryType: 'npm',
          identifier: `@bench/${j.name.split('/')[1]}`,
          version: j.version,
          transport: { type: 'stdio' },
        },
      ],
    });
  const latencies = [];
  const errors = [];
  let next = 0;
  const before = await cpuSnapshot();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const j = jobs[next++];
        const t = performance.now();
        const res = await fetch(`${base}/v0.1/publish`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
          body: body(j),
        });
        const text = await res.text();
        latencies.push(performance.now() - t);
        if (res.status !== 200) errors.push(`${j.name}@${j.version}: ${res.status} ${text.slice(0, 200)}`);
      }
    }),
  );
  const secs = (performance.now() - started) / 1000;
  if (state.unexpectedExit) throw new Error('the Hub went away while publishing; no figures reported');
  const cpu = cpuShare(before, await cpuSnapshot());

  // Afterwards every touched server's latest must be its highest version.
  const seen = new Map(jobs.map((j) => [j.name, j.expect]));
  const sample = shuffle([...seen.entries()], rand).slice(0, 50);
  let wrongLatest = 0;
  for (const [name, expect] of sample) {
    const r = await getJson(`${base}/v0.1/servers/${encodeURIComponent(name)}/versions/latest`);
    if (r.status !== 200 || r.body.server.version !== expect) wrongLatest++;
  }
  return {
    count: jobs.length,
    fresh,
    existing: existing.length,
    secs,
    rate: jobs.length / secs,
    ...percentiles(latencies),
    errors,
    cpu,
    wrongLatest,
    checked: sample.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Query plans (Postgres) and CPU profile summary

/**
 * Preloaded into a probe Hub (never the measured one): appends every SQL statement the Hub sends
 * through node-postgres, with its parameters, to BENCH_SQL_LOG. So the plans below are of the SQL
 * the Hub really runs, whatever the repository code looks like today.
 */
const SQL_CAPTURE_HOOK = `
import { createRequire } from 'node:module';
import fs from 'node:fs';
const pg = createRequire(${JSON.stringify(DB_LIB)})('pg');
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, values, ...rest) {
  try {
    const text = typeof config === 'string' ? config : config?.text;
    const vals = Array.isArray(values) ? values : config?.values;
    if (text) fs.appendFileSync(process.env.BENCH_SQL_LOG, JSON.stringify({ text, values: vals ?? [] }) + '\\n');
  } catch {}
  return original.call(this, config, values, ...rest);
};
`;

/**
 * Starts a second Hub on the same data with the capture hook and the read cache off, sends one
 * request per route, and EXPLAIN ANALYZEs each SELECT it issued, with the same parameters.
 */
async function explainRoutes(env, dbUrl, probePaths) {
  const logFile = path.join(state.tmp, 'sql.ndjson');
  fs.writeFileSync(logFile, '');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const probeEnv = { ...env, PORT: String(port), HUB_READ_CACHE_MB: '0', BENCH_SQL_LOG: logFile };
  const hookArg = `--import=data:text/javascript,${encodeURIComponent(SQL_CAPTURE_HOOK)}`;
  startHub(probeEnv, [hookArg]);
  const out = {};
  try {
    await waitHealthy(base);
    for (const [route, p] of Object.entries(probePaths)) {
      const before = fs.readFileSync(logFile, 'utf8').length;
      const res = await fetch(base + p);
      await res.arrayBuffer();
      const captured = fs
        .readFileSync(logFile, 'utf8')
        .slice(before)
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .filter((q) => /^\s*select\b/i.test(q.text) && !/^\s*select 1\s*$/i.test(q.text));
      out[route] = captured;
    }
  } finally {
    await stopHub();
  }
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const plans = {};
  try {
    for (const [route, statements] of Object.entries(out)) {
      plans[route] = [];
      for (const q of statements) {
        const times = [];
        let plan;
        for (let i = 0; i < 7; i++) {
          const r = await client.query(`explain (analyze, buffers, format json) ${q.text}`, q.values);
          const doc = r.rows[0]['QUERY PLAN'][0];
          times.push(doc['Execution Time'] + doc['Planning Time']);
          plan = doc.Plan;
        }
        const nodes = [];
        for (let p = plan; p; p = p.Plans?.[0]) {
          const parts = [`${p['Node Type']}${p['Index Name'] ? ` using ${p['Index Name']}` : ''}`];
          if (p['Index Cond']) parts.push(`cond ${p['Index Cond']}`);
          if (p.Filter) parts.push(`filter removed ${fmtInt(p['Rows Removed by Filter'] ?? 0)} rows`);
          nodes.push(parts.join(', '));
        }
        plans[route].push({
          sql: q.text.replace(/\s+/g, ' '),
          ms: percentiles(times).p50,
          rows: plan['Actual Rows'],
          plan: nodes.join(' -> '),
        });
      }
    }
  } finally {
    await client.end();
  }
  return plans;
}

function summarizeProfile(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) return undefined;
  const prof = JSON.parse(fs.readFileSync(path.join(dir, files[0]), 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  prof.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const pkgOf = (url) => {
    if (!url) return '(native/vm)';
    if (url.startsWith('node:')) return 'node core';
    const m = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1];
    const rel = url.replace(/^file:\/\//, '').replace(ROOT + '/', '');
    return rel.split('/').slice(0, 2).join('/');
  };
  const fns = new Map();
  const pkgs = new Map();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    const fn = n.callFrame.functionName || '(anonymous)';
    if (fn === '(idle)') continue;
    busy += us;
    const key = `${fn}  ${n.callFrame.url ? `${n.callFrame.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '')}:${n.callFrame.lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    const pkg = ['(garbage collector)', '(program)'].includes(fn) ? fn : pkgOf(n.callFrame.url);
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
  }
  const top = (m, k) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, us]) => ({ name, pct: (us / busy) * 100, secs: us / 1e6 }));
  return { file: path.join(dir, files[0]), busySecs: busy / 1e6, packages: top(pkgs, 15), functions: top(fns, 25) };
}

// ---------------------------------------------------------------------------------------------
// Report

/** The Hub under test is whatever is in dist/: say whether it was built from the sources as they are. */
function buildFreshness() {
  const newest = (dir, ext) => {
    let t = 0;
    const walk = (d) => {
      for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.name.endsWith(ext) && !e.name.endsWith(`.spec${ext}`)) t = Math.max(t, fs.statSync(full).mtimeMs);
      }
    };
    walk(dir);
    return t;
  };
  const stale = [];
  for (const group of ['apps', 'libs']) {
    for (const pkg of fs.readdirSync(path.join(ROOT, group))) {
      const dir = path.join(ROOT, group, pkg);
      if (newest(path.join(dir, 'src'), '.ts') > newest(path.join(dir, 'dist'), '.js')) stale.push(`${group}/${pkg}`);
    }
  }
  return stale.length === 0
    ? 'dist/ was built after the last source change.'
    : `WARNING: dist/ is older than src/ in ${stale.join(', ')}: the figures are for the last build.`;
}

async function machineFacts(pgUrl) {
  const facts = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
    memGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    autocannon: require('autocannon/package.json').version,
    loadavg: os.loadavg()[0].toFixed(2),
  };
  try {
    facts.commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    if (dirty) facts.commit += ' (with uncommitted changes)';
  } catch {
    facts.commit = 'unknown';
  }
  facts.build = buildFreshness();
  if (MODE === 'postgres') {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      const r = await c.query(
        `select current_setting('server_version') v, current_setting('shared_buffers') sb, current_setting('synchronous_commit') sc`,
      );
      facts.database = `PostgreSQL ${r.rows[0].v} (shared_buffers ${r.rows[0].sb}, synchronous_commit ${r.rows[0].sc}), same machine`;
    } finally {
      await c.end();
    }
  } else {
    try {
      const dbRequire = createRequire(DB_LIB);
      let dir = path.dirname(dbRequire.resolve('@electric-sql/pglite'));
      while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
      facts.database = `PGlite ${JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version} (embedded, in the Hub process)`;
    } catch {
      facts.database = 'PGlite (embedded, in the Hub process)';
    }
  }
  return facts;
}

const LABELS = {
  list: 'GET /v0.1/servers?limit=100',
  detail: 'GET /v0.1/servers/{name}/versions/latest',
  cursor: 'GET /v0.1/servers?limit=100&cursor={random} (uncached)',
  'detail-uncached': 'GET /v0.1/servers/{name}/versions/latest (uncached)',
};

function verdict(route, p95) {
  const target = TARGETS[route];
  if (MODE !== 'postgres') return `${target} ms on Postgres; n/a here`;
  return p95 <= target
    ? `${target} ms: **met**, ${ratio(target / p95)}x headroom`
    : `${target} ms: **missed**, ${ratio(p95 / target)}x over`;
}

const hitPct = (x) => (x.cacheHitPct === undefined ? 'n/a' : `${x.cacheHitPct.toFixed(0)}%`);
const CACHE_TITLE = opt['read-cache-mb'] === undefined ? '' : `, HUB_READ_CACHE_MB=${opt['read-cache-mb']}`;

function resultsMarkdown(r) {
  const L = [];
  const f = r.facts;
  const modeTitle = MODE === 'postgres' ? 'Postgres' : 'PGlite (embedded)';
  L.push(`### Results: ${modeTitle}${CACHE_TITLE}`);
  L.push('');
  L.push(
    `Run ${f.date} on commit ${f.commit}: ${f.cpus} CPUs (${f.cpuModel}), ${f.memGb} GB RAM, ${f.os}; Node ${f.node}; ${f.database}; autocannon ${f.autocannon}; machine ${f.busyBefore}% busy just before the run (1-minute load average ${f.loadavg}).`,
  );
  L.push(
    `Hub: \`node apps/hub/dist/main.js\`, LOG_LEVEL=warn, ${MODE === 'postgres' ? `HUB_DB_POOL_SIZE=${opt['pool-size'] ?? '10 (default)'}` : 'HUB_DATA_DIR=<temp dir>'}, ` +
      `HUB_READ_CACHE_MB=${opt['read-cache-mb'] ?? 'unset (the Hub default)'}. ${f.build}`,
  );
  L.push('');
  const ld = r.load;
  L.push(
    `Data: ${fmtInt(ld.servers)} servers / ${fmtInt(ld.versions)} versions, bulk-inserted in ${ld.insertSecs.toFixed(1)} s ` +
      `(${fmtInt(ld.versions / ld.insertSecs)} versions/s) plus ANALYZE, ${ld.totalSecs.toFixed(1)} s in all` +
      (ld.migrateSecs !== undefined ? ` (migrations on the fresh data dir: ${ld.migrateSecs.toFixed(1)} s)` : '') +
      `.`,
  );
  L.push('');
  L.push(
    `Reads: ${CONNECTIONS} connections, ${DURATION} s per route after an unreported ${WARMUP} s warm-up; latencies in ms.`,
  );
  L.push('');
  L.push(
    '| Route | req/s | p50 | p95 | p99 | max | KiB/resp | cache hits | non-2xx / errors / timeouts | p95 target | CPU (of 200%) |',
  );
  L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
  for (const route of ROUTES) {
    const x = r.runs[route];
    if (!x) continue;
    L.push(
      `| ${LABELS[route]} | ${fmtInt(x.rps)} | ${ms(x.p50)} | ${ms(x.p95)} | ${ms(x.p99)} | ${ms(x.max)} | ${(x.bytesPerReq / 1024).toFixed(1)} | ${hitPct(x)} | ${x.non2xx} / ${x.errors - x.timeouts} / ${x.timeouts} | ` +
        `${verdict(route, x.p95)} | ${fmtCpu(x.cpu)} |`,
    );
  }
  for (const route of ROUTES) {
    const x = r.runs[route];
    if (!x || x.slow.length + x.timeouts === 0) continue;
    const fromStart = x.slow.filter(([at, lat]) => Math.abs(at - lat / 1000) < 0.25).length;
    L.push('');
    L.push(
      `${LABELS[route]}: ${x.slow.length} responses took over 1 s` +
        (x.timeouts ? ` and ${x.timeouts} got none within ${REQUEST_TIMEOUT_S} s` : '') +
        (x.slow.length
          ? `; ${fromStart} of the ${x.slow.length} slow ones had been sent in the first 0.25 s of the run (as the ${CONNECTIONS} connections opened), ` +
            `the last slow one ended ${Math.max(...x.slow.map(([at]) => at)).toFixed(1)} s into it.`
          : '.'),
    );
  }
  if (BASELINE > 0) {
    L.push('');
    L.push(`Service time without queueing (1 connection, ${BASELINE} s per route):`);
    L.push('');
    L.push('| Route | req/s | p50 | p95 | p99 | cache hits |');
    L.push('|---|---:|---:|---:|---:|---:|');
    for (const route of ROUTES) {
      const x = r.baseline[route];
      if (x)
        L.push(`| ${LABELS[route]} | ${fmtInt(x.rps)} | ${ms(x.p50)} | ${ms(x.p95)} | ${ms(x.p99)} | ${hitPct(x)} |`);
    }
  }
  if (r.publish) {
    const p = r.publish;
    L.push('');
    L.push(
      `Publishing: ${fmtInt(p.count)} versions through POST /v0.1/publish at concurrency ${PUBLISH_CONC} (${p.fresh} new servers x 3 versions, ` +
        `${p.existing} new top versions of loaded servers): **${p.rate.toFixed(0)} versions/s** (${p.secs.toFixed(1)} s), ` +
        `latency p50 ${ms(p.p50)} ms, p95 ${ms(p.p95)} ms, p99 ${ms(p.p99)} ms; ${p.errors.length} errors; latest correct on ${p.checked - p.wrongLatest}/${p.checked} sampled servers; CPU ${fmtCpu(p.cpu)}.`,
    );
  }
  if (r.explain) {
    L.push('');
    L.push(
      'The SELECTs the Hub issues for one request of each route (captured from a probe Hub with the read cache off, then ' +
        'EXPLAIN ANALYZEd with the same parameters on the loaded data; median of 7, planning + execution; the cursor sits mid-catalogue):',
    );
    L.push('');
    for (const [route, list] of Object.entries(r.explain)) {
      for (const e of list) L.push(`- ${route}: ${ms(e.ms)} ms for ${e.rows} rows: ${e.plan.replace(/\|/g, '\\|')}`);
    }
  }
  return L.join('\n');
}

const METHOD_MD = `## Registry API

Measured by \`bench/registry.bench.mjs\` (see bench/README.md). The Hub runs as a child process on a
fresh database. 20,000 servers are generated from the shapes in the official registry's production
fixture (production-2025-09-30.v0.1.json): server i takes the i-th of its distinct servers in turn
(the 460 whose names are valid today), renamed
\`<namespace>-b<i>/<name>\`, with everything else kept; 70% have one version, 20% two and 10%
three, about 28,000 versions in all. They are bulk-inserted with multi-row INSERTs (1,000 servers
per transaction) and the tables are ANALYZEd. Then autocannon drives each route with 64
connections for 20 s after a 3 s warm-up: the 100-item first page, the latest version of a random
server per request, a 100-item page from a random cursor position, and the random latest
version again. The Hub keeps serialized responses of anonymous reads in its read cache until the
next write, so after the warm-up the first two routes are answered mostly from memory, as a
production Hub answers its popular reads; the last two carry a unique ignored query parameter
(\`&nocache=<n>\`), so every request misses the cache and runs the query and serialization: they
are the cost of a cold read. Percentiles are
nearest-rank over every request's latency as autocannon measures it (its per-response
\`responseTime\`, in fractional ms), not read off autocannon's 1 ms-bucket histogram; a request
that hits autocannon's 10 s timeout counts as 10 s. Finally 1,000
versions are published through POST /v0.1/publish with the bootstrap admin token at concurrency 8.

The load generator runs on the same machine as the Hub and the database. With 2 cores, the
three share them, so the throughput figures are a lower bound for a Hub with its own machine. The
CPU column shows how the cores were shared during each run. At 64 connections in a closed loop the
server is saturated, so latency is mostly queueing: about connections / throughput. The
1-connection rows show the cost of one request when nothing else is queued.

Targets from the issue (on Postgres): p95 under 15 ms for the detail route, under 30 ms for a
100-item page.`;

function writeDocs(results) {
  const section = resultsMarkdown(results);
  const text = fs.existsSync(DOCS) ? fs.readFileSync(DOCS, 'utf8') : '# Benchmarks\n';
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === '## Registry API');
  let end = lines.length;
  if (start >= 0) {
    const next = lines.findIndex((l, i) => i > start && /^## /.test(l));
    if (next >= 0) end = next;
  }
  // Keep the other engine's results if they are there.
  const subsections = new Map();
  if (start >= 0) {
    let cur;
    for (const l of lines.slice(start + 1, end)) {
      if (/^### Results: /.test(l)) subsections.set((cur = l.trim()), []);
      if (cur) subsections.get(cur).push(l);
    }
  }
  const mine = section.split('\n')[0];
  subsections.set(mine, section.split('\n'));
  const rank = (title) => [title.includes('PGlite') ? 1 : 0, title.includes('HUB_READ_CACHE_MB') ? 1 : 0];
  const body = [...subsections.keys()]
    .sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || x[1] - y[1] || a.localeCompare(b);
    })
    .map((k) => subsections.get(k).join('\n').trimEnd())
    .join('\n\n');
  const block = `${METHOD_MD}\n\n${body}\n`;
  let out;
  if (start < 0) out = `${text.trimEnd()}\n\n${block}`;
  else {
    const after = lines.slice(end).join('\n');
    out = `${lines.slice(0, start).join('\n').trimEnd()}\n\n${block}${after ? `\n${after}` : ''}`;
  }
  fs.mkdirSync(path.dirname(DOCS), { recursive: true });
  fs.writeFileSync(DOCS, out.replace(/^\n+/, '').replace(/\n*$/, '\n'));
}

function printTable(r) {
  step('Results');
  const pad = (s, n) => String(s).padEnd(n);
  const lpad = (s, n) => String(s).padStart(n);
  log(
    `${pad('route', 48)}${lpad('req/s', 8)}${lpad('p50', 8)}${lpad('p95', 8)}${lpad('p99', 8)}${lpad('max', 8)}${lpad('non2xx', 8)}  vs target`,
  );
  for (const route of ROUTES) {
    const x = r.runs[route];
    if (!x) continue;
    const t = TARGETS[route];
    const vs =
      x.p95 <= t
        ? `p95 ${ms(x.p95)} ms (target ${t} ms, ${ratio(t / x.p95)}x headroom)`
        : `p95 ${ms(x.p95)} ms (target ${t} ms, MISSED: ${ratio(x.p95 / t)}x over)`;
    log(
      `${pad(`${LABELS[route]} [${CONNECTIONS}c]`, 48)}${lpad(fmtInt(x.rps), 8)}${lpad(ms(x.p50), 8)}${lpad(ms(x.p95), 8)}${lpad(ms(x.p99), 8)}${lpad(ms(x.max), 8)}${lpad(
        x.non2xx + x.errors,
        8,
      )}  ${vs}${MODE === 'postgres' ? '' : ' [target is for Postgres]'}`,
    );
  }
  for (const route of ROUTES) {
    const x = r.baseline[route];
    if (x)
      log(
        `${pad(`${LABELS[route]} [1c]`, 48)}${lpad(fmtInt(x.rps), 8)}${lpad(ms(x.p50), 8)}${lpad(ms(x.p95), 8)}${lpad(ms(x.p99), 8)}${lpad(ms(x.max), 8)}${lpad(x.non2xx + x.errors, 8)}`,
      );
  }
  if (r.publish) {
    const p = r.publish;
    log(
      `${pad(`POST /v0.1/publish x${p.count} [${PUBLISH_CONC} concurrent]`, 48)}${lpad(p.rate.toFixed(0), 8)}${lpad(ms(p.p50), 8)}${lpad(ms(p.p95), 8)}${lpad(ms(p.p99), 8)}${lpad(ms(p.max), 8)}${lpad(p.errors.length, 8)}  versions/s`,
    );
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const results = { runs: {}, baseline: {} };
  step(`MCP Hub registry benchmark (${MODE})`);
  const dbUrl = (() => {
    const u = new URL(opt['pg-url']);
    u.pathname = `/${opt['db-name']}`;
    return u.toString();
  })();
  results.facts = await machineFacts(opt['pg-url']);
  {
    const a = machineTicks();
    await sleep(2000);
    const b = machineTicks();
    results.facts.busyBefore = a && b ? Math.round((1 - (b.idle - a.idle) / (b.total - a.total)) * 100) : NaN;
  }
  log(`  ${JSON.stringify(results.facts)}`);
  if (results.facts.build.startsWith('WARNING')) log(`  ${results.facts.build}`);
  if (results.facts.busyBefore > 10) {
    log(
      `  warning: the machine was ${results.facts.busyBefore}% busy before starting; other work will skew the figures (see "other" in the CPU figures)`,
    );
  }

  const shapes = loadShapes();
  const dataset = generate(N_SERVERS, shapes);
  log(`  generated ${fmtInt(dataset.length)} servers from ${shapes.length} fixture shapes`);

  state.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const token = `bench-${crypto.randomBytes(24).toString('base64url')}`;
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    HUB_BOOTSTRAP_TOKEN: token,
    HUB_RATE_LIMIT: '0',
    HUB_PUBLISH_QUOTA: '0',
  };
  delete env.DATABASE_URL;
  delete env.HUB_DB_POOL_SIZE;
  if (opt['pool-size']) env.HUB_DB_POOL_SIZE = opt['pool-size'];
  delete env.HUB_READ_CACHE_MB;
  if (opt['read-cache-mb'] !== undefined) env.HUB_READ_CACHE_MB = opt['read-cache-mb'];
  env.HUB_DATA_DIR = path.join(state.tmp, 'data');

  if (MODE === 'postgres') {
    step(`Database ${opt['db-name']} on ${pgAdminUrl.host}`);
    const admin = new pg.Client({ connectionString: opt['pg-url'] });
    await admin.connect();
    try {
      await admin.query(`drop database if exists ${opt['db-name']} with (force)`);
      await admin.query(`create database ${opt['db-name']}`);
      state.dbCreated = true;
    } finally {
      await admin.end();
    }
    env.DATABASE_URL = dbUrl;
    state.monitor = new pg.Client({ connectionString: dbUrl });
    await state.monitor.connect();
    step('Starting the Hub (migrations run at boot)');
    startHub(env);
    await waitHealthy(base);
    log(`  healthy at ${base} (pid ${state.child.pid})`);
    step('Loading');
    results.load = await loadPostgres(dbUrl, dataset);
  } else {
    step('Loading into PGlite (through libs/db, before the Hub starts)');
    results.load = await loadPglite(path.join(env.HUB_DATA_DIR, 'pglite'), dataset);
    step('Starting the Hub');
    startHub(env);
    await waitHealthy(base);
    log(`  healthy at ${base} (pid ${state.child.pid})`);
  }
  log(
    `  ${fmtInt(results.load.servers)} servers, ${fmtInt(results.load.versions)} versions in ${results.load.insertSecs.toFixed(1)} s (+ANALYZE: ${results.load.totalSecs.toFixed(1)} s)`,
  );

  // Every (name, version) in list order, to pick cursors and names from.
  let ordered;
  if (MODE === 'postgres') {
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    ordered = (await c.query('select server_name, version from server_versions order by server_name, version')).rows;
    await c.end();
  } else {
    ordered = dataset
      .flatMap((s) => s.versions.map((v) => ({ server_name: s.name, version: v.version })))
      .sort((a, b) =>
        a.server_name < b.server_name
          ? -1
          : a.server_name > b.server_name
            ? 1
            : a.version < b.version
              ? -1
              : a.version > b.version
                ? 1
                : 0,
      );
  }
  step('Sanity checks');
  results.sizes = await sanityChecks(base, ordered, dataset);
  log('  list, cursor and detail answers match the loaded data');

  const encodedNames = dataset.map((s) => encodeURIComponent(s.name));
  const cursors = [];
  const crand = mulberry32(42);
  for (let i = 0; i < 1000; i++) {
    const row = ordered[Math.floor(crand() * (ordered.length - 101))];
    cursors.push(encodeCursor(row.server_name, row.version));
  }
  let nonce = 0;
  const paths = {
    list: () => '/v0.1/servers?limit=100',
    detail: () => `/v0.1/servers/${encodedNames[Math.floor(Math.random() * encodedNames.length)]}/versions/latest`,
    cursor: () =>
      `/v0.1/servers?limit=100&cursor=${cursors[Math.floor(Math.random() * cursors.length)]}&nocache=${nonce++}`,
    'detail-uncached': () =>
      `/v0.1/servers/${encodedNames[Math.floor(Math.random() * encodedNames.length)]}/versions/latest?nocache=${nonce++}`,
  };

  for (const route of ROUTES) {
    step(`${LABELS[route]}: ${WARMUP} s warm-up, then ${DURATION} s at ${CONNECTIONS} connections`);
    if (WARMUP > 0) await cannon(base, paths[route], CONNECTIONS, WARMUP);
    const x = await cannon(base, paths[route], CONNECTIONS, DURATION);
    results.runs[route] = x;
    log(
      `  ${fmtInt(x.rps)} req/s, p50 ${ms(x.p50)} p95 ${ms(x.p95)} p99 ${ms(x.p99)} max ${ms(x.max)} ms; non-2xx ${x.non2xx} ${JSON.stringify(x.statuses)}, errors ${x.errors}, timeouts ${x.timeouts}; ` +
        `${fmtInt(x.bytesPerReq)} B/resp, ${x.mbPerSec.toFixed(1)} MB/s`,
    );
    if (x.slow.length > 0) {
      const fmt = ([at, lat]) => `${(lat / 1000).toFixed(1)} s ending at +${at.toFixed(1)} s`;
      const shown =
        x.slow.length > 8 ? [...x.slow.slice(0, 4).map(fmt), '...', ...x.slow.slice(-4).map(fmt)] : x.slow.map(fmt);
      log(`  ${x.slow.length} responses over 1 s: ${shown.join(', ')}`);
    }
    if (x.cacheHitPct !== undefined) log(`  read cache: ${x.cacheHitPct.toFixed(1)}% hits (x-hub-cache header)`);
    log(
      `  autocannon's own histogram: p50 ${x.ac.p50} p97.5 ${x.ac.p97_5} p99 ${x.ac.p99} ms, mean of per-second req counts ${fmtInt(x.ac.avgRps)}`,
    );
    log(`  CPU: ${fmtCpu(x.cpu)} (200% = both cores)`);
    if (BASELINE > 0) {
      const b = await cannon(base, paths[route], 1, BASELINE);
      results.baseline[route] = b;
      log(
        `  1 connection: ${fmtInt(b.rps)} req/s, p50 ${ms(b.p50)} p95 ${ms(b.p95)} p99 ${ms(b.p99)} ms; CPU: ${fmtCpu(b.cpu)}`,
      );
    }
  }

  if (N_PUBLISH > 0) {
    step(`Publishing ${N_PUBLISH} versions at concurrency ${PUBLISH_CONC}`);
    const p = await publishBench(base, token, dataset, N_PUBLISH, PUBLISH_CONC);
    results.publish = p;
    log(
      `  ${p.count} versions in ${p.secs.toFixed(1)} s = ${p.rate.toFixed(0)} versions/s; p50 ${ms(p.p50)} p95 ${ms(p.p95)} p99 ${ms(p.p99)} ms; errors ${p.errors.length}`,
    );
    for (const e of p.errors.slice(0, 5)) log(`    ${e}`);
    log(`  latest correct on ${p.checked - p.wrongLatest}/${p.checked} sampled servers; CPU: ${fmtCpu(p.cpu)}`);
  }

  if (MODE === 'postgres') {
    step('EXPLAIN ANALYZE of the route queries');
    const mid = ordered[Math.floor(ordered.length / 2)];
    await stopHub();
    results.explain = await explainRoutes(env, dbUrl, {
      detail: `/v0.1/servers/${encodeURIComponent(dataset[Math.floor(dataset.length / 2)].name)}/versions/latest`,
      list: '/v0.1/servers?limit=100',
      cursor: `/v0.1/servers?limit=100&cursor=${encodeCursor(mid.server_name, mid.version)}`,
    });
    for (const [route, list] of Object.entries(results.explain)) {
      if (list.length === 0) log(`  ${route}: no SELECT captured`);
      for (const e of list) log(`  ${route}: ${ms(e.ms)} ms for ${e.rows} rows: ${e.plan}\n    ${e.sql.slice(0, 400)}`);
    }
  }

  await stopHub();
  if (state.profDir) {
    step('Hub CPU profile (whole run, idle excluded)');
    const prof = summarizeProfile(state.profDir);
    if (prof) {
      log(`  ${prof.file}: ${prof.busySecs.toFixed(1)} s busy`);
      log('  by package:');
      for (const p of prof.packages) log(`    ${p.pct.toFixed(1).padStart(5)}%  ${p.name}`);
      log('  top functions (self time):');
      for (const p of prof.functions) log(`    ${p.pct.toFixed(1).padStart(5)}%  ${p.name}`);
    }
  }

  printTable(results);
  const failures = [];
  for (const route of ROUTES) {
    const x = results.runs[route];
    // Wrong answers and broken connections void the run; requests slower than autocannon's 10 s
    // timeout are a (bad) performance result, reported as such.
    if (x.non2xx > 0 || x.errors - x.timeouts > 0)
      failures.push(`${route}: ${x.non2xx} non-2xx, ${x.errors - x.timeouts} connection errors`);
    if (x.timeouts > 0)
      log(`  warning: ${route}: ${x.timeouts} requests timed out after 10 s (counted as 10 s in the percentiles)`);
  }
  if (results.publish && (results.publish.errors.length > 0 || results.publish.wrongLatest > 0))
    failures.push('publish: errors or wrong latest');
  // Other processes on this 2-core machine make the figures meaningless; keep them out of the docs.
  const noisy = [
    ...ROUTES.map((route) => [route, results.runs[route].cpu.other]),
    ...ROUTES.filter((route) => results.baseline[route]).map((route) => [
      `${route} (1 connection)`,
      results.baseline[route].cpu.other,
    ]),
    ...(results.publish ? [['publish', results.publish.cpu.other]] : []),
  ].filter(([, other]) => other > MAX_OTHER_CPU);
  if (noisy.length > 0) {
    log(
      `\n  other processes used the CPUs during: ${noisy.map(([k, o]) => `${k} (${Math.round(o)}%)`).join(', ')}; these figures are skewed`,
    );
  }
  if (WRITE_DOCS && failures.length === 0 && noisy.length === 0) {
    writeDocs(results);
    log(`\n  wrote the "## Registry API" section of ${path.relative(ROOT, DOCS)}`);
  } else if (WRITE_DOCS) {
    log(
      `\n  not writing ${path.relative(ROOT, DOCS)}: ${failures.length ? 'the run had failures' : `other work used more than ${MAX_OTHER_CPU}% CPU during a run; run again on a quiet machine`}`,
    );
  }
  if (failures.length > 0) throw new Error(failures.join('; '));
}

main()
  .then(async () => {
    await cleanup();
    if (state.profDir) log(`  (profile kept in ${state.profDir})`);
    clearTimeout(watchdog);
    process.exit(0);
  })
  .catch(async (err) => {
    process.stderr.write(`\nbench: ${err.stack ?? err}\n`);
    await cleanup();
    process.exit(1);
  });
