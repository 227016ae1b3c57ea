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
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const pg = require('pg');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HUB_MAIN = path.join(ROOT, 'apps/hub/dist/main.js');
const DB_LIB = path.join(ROOT, 'libs/db/dist/index.js');
const DOCS = path.join(ROOT, 'docs/BENCHMARKS.md');
const SCHEMA_2025_12_11 = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const TARGETS = { detail: 15, list: 30, cursor: 30 }; // p95 in ms, on Postgres (issue text)

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `Usage: node bench/registry.bench.mjs [options]

  --db postgres|pglite        database under the Hub (default postgres)
  --pg-url URL                admin URL of the local Postgres (default postgres://postgres@127.0.0.1:5432/postgres)
  --db-name NAME              database to create and drop (default hub_bench)
  --servers N                 servers to load (default 20000; ~1.4 versions each)
  --connections N             autocannon connections (default 64)
  --duration S                measured seconds per route (default 20)
  --warmup S                  unreported warm-up seconds per route (default 3)
  --baseline S                seconds of a 1-connection run per route, for service time (default 5; 0 = skip)
  --routes LIST               any of list,detail,cursor (default all three)
  --publish N                 versions to publish through POST /v0.1/publish (default 1000; 0 = skip)
  --publish-concurrency N     concurrent publishers (default 8)
  --pool-size N               HUB_DB_POOL_SIZE for the Hub (default: the Hub's default)
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
    'db-name': { type: 'string', default: 'hub_bench' },
    servers: { type: 'string', default: '20000' },
    connections: { type: 'string', default: '64' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    baseline: { type: 'string', default: '5' },
    routes: { type: 'string', default: 'list,detail,cursor' },
    publish: { type: 'string', default: '1000' },
    'publish-concurrency': { type: 'string', default: '8' },
    'pool-size': { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    docs: { type: 'boolean' },
    'no-docs': { type: 'boolean' },
    fixture: { type: 'string', default: path.resolve(ROOT, '../shared/fixtures/official-registry/production-2025-09-30.v0.1.json') },
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
const ROUTES = opt.routes.split(',').map((s) => s.trim()).filter(Boolean);
for (const r of ROUTES) if (!['list', 'detail', 'cursor'].includes(r)) fail(`unknown route "${r}" in --routes`);
if (!/^[a-z_][a-z0-9_]*$/.test(opt['db-name'])) fail('--db-name must be a plain lower-case identifier');
const pgAdminUrl = new URL(opt['pg-url']);
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(pgAdminUrl.hostname)) fail('--pg-url must point at 127.0.0.1 (this benchmark only talks to the local machine)');
const ISSUE_PARAMS =
  N_SERVERS === 20000 && CONNECTIONS === 64 && DURATION === 20 && N_PUBLISH === 1000 && PUBLISH_CONC === 8 && ROUTES.length === 3 && !opt['cpu-prof'];
const WRITE_DOCS = opt['no-docs'] ? false : (opt.docs ?? ISSUE_PARAMS);

if (!fs.existsSync(HUB_MAIN)) fail(`${path.relative(ROOT, HUB_MAIN)} is missing: build first (npx pnpm@12.21.0 build)`);

// ---------------------------------------------------------------------------------------------
// Cleanup: the child, the database, the temp folder. Runs once, on success, failure or signal.

const state = { child: undefined, childExit: undefined, dbCreated: false, tmp: undefined, profDir: undefined, cleaning: undefined };
const log = (s = '') => process.stdout.write(s + '\n');
const step = (s) => log(`\n== ${s}`);

async function cleanup() {
  state.cleaning ??= (async () => {
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
  return { n: s.length, mean, p50: at(0.5), p90: at(0.9), p95: at(0.95), p99: at(0.99), max: s.length ? s[s.length - 1] : NaN };
}

const ms = (v) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) : 'n/a');
const fmtInt = (v) => Math.round(v).toLocaleString('en-US');
const ratio = (x) => (x < 2 ? x.toFixed(2) : x.toFixed(1));
const sleep = (t) => new Promise((r) => setTimeout(r, t));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

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
function postgresTicks() {
  let total = 0;
  let dirs = [];
  try {
    dirs = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return NaN;
  }
  for (const d of dirs) {
    try {
      if (fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres') total += procTicks(d);
    } catch {
      /* gone */
    }
  }
  return total;
}
function cpuSnapshot() {
  const self = process.cpuUsage();
  return {
    at: performance.now(),
    hub: state.child ? procTicks(state.child.pid) / CLK_TCK : NaN,
    pg: MODE === 'postgres' ? postgresTicks() / CLK_TCK : NaN,
    bench: (self.user + self.system) / 1e6,
  };
}
function cpuShare(a, b) {
  const secs = (b.at - a.at) / 1000;
  const pct = (x, y) => (Number.isFinite(x) && Number.isFinite(y) ? ((y - x) / secs) * 100 : NaN);
  return { hub: pct(a.hub, b.hub), pg: pct(a.pg, b.pg), bench: pct(a.bench, b.bench) };
}
const fmtCpu = (c) =>
  `hub ${Math.round(c.hub)}%` + (Number.isFinite(c.pg) ? `, postgres ${Math.round(c.pg)}%` : '') + `, load generator ${Math.round(c.bench)}%`;

// ---------------------------------------------------------------------------------------------
// Data: 20,000 servers generated from the shapes of the production fixture

function loadShapes() {
  const fixture = JSON.parse(fs.readFileSync(opt.fixture, 'utf8'));
  const byName = new Map();
  for (const entry of fixture.servers) {
    const meta = entry._meta?.['io.modelcontextprotocol.registry/official'];
    if (!byName.has(entry.server.name) || meta?.isLatest) byName.set(entry.server.name, entry.server);
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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
        return `($${b + 1}, $${b + 2}, $${b + 3}::text::jsonb, 'active', $${b + 4}::timestamptz, $${b + 5}::boolean, $${b + 4}::timestamptz, $${b + 4}::timestamptz, 'local')`;
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
    return await bulkLoad((text, params) => client.query(text, params), servers);
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
function startHub(env) {
  const args = [];
  if (opt['cpu-prof']) {
    state.profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-prof-'));
    args.push('--cpu-prof', `--cpu-prof-dir=${state.profDir}`);
  }
  args.push(HUB_MAIN);
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  state.child = child;
  state.childExit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
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
  check(page.body.servers.length === 100 && page.body.metadata.nextCursor, 'list did not return 100 items and a nextCursor');
  check(page.body.servers[0].server.name === ordered[0].server_name, 'first list item is not the first (name, version)');

  const mid = Math.floor(ordered.length / 2);
  const cur = await getJson(`${base}/v0.1/servers?limit=100&cursor=${encodeCursor(ordered[mid].server_name, ordered[mid].version)}`);
  check(cur.status === 200 && cur.body.servers.length === 100, `cursor page returned ${cur.status}`);
  const first = cur.body.servers[0].server;
  check(first.name === ordered[mid + 1].server_name && first.version === ordered[mid + 1].version, 'cursor page does not start right after the cursor');

  const multi = dataset.find((s) => s.versions.length === 3);
  const det = await getJson(`${base}/v0.1/servers/${encodeURIComponent(multi.name)}/versions/latest`);
  check(det.status === 200, `detail returned ${det.status}`);
  check(det.body.server.version === '1.2.0', `latest of ${multi.name} is ${det.body.server.version}, expected 1.2.0`);
  check(det.body._meta['io.modelcontextprotocol.registry/official'].isLatest === true, 'detail is not flagged isLatest');
  return { listBytes: Buffer.byteLength(JSON.stringify(page.body)), detailBytes: Buffer.byteLength(JSON.stringify(det.body)) };
}

async function cannon(base, makePath, connections, duration) {
  const latencies = [];
  let non2xx = 0;
  const statuses = {};
  const requests = [
    {
      method: 'GET',
      setupRequest: (req) => {
        req.path = makePath();
        return req;
      },
    },
  ];
  const before = cpuSnapshot();
  const instance = autocannon({ url: base, connections, duration, requests, headers: { accept: 'application/json' }, timeout: 10 });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    if (statusCode < 200 || statusCode >= 300) {
      non2xx++;
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    }
  });
  const result = await instance;
  const cpu = cpuShare(before, cpuSnapshot());
  const pct = percentiles(latencies);
  return {
    rps: latencies.length / result.duration,
    ...pct,
    non2xx,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerReq: result.throughput.total / Math.max(1, result.requests.total),
    mbPerSec: result.throughput.total / result.duration / 1e6,
    ac: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99, avgRps: result.requests.average },
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
      packages: [{ registryType: 'npm', identifier: `@bench/${j.name.split('/')[1]}`, version: j.version, transport: { type: 'stdio' } }],
    });
  const latencies = [];
  const errors = [];
  let next = 0;
  const before = cpuSnapshot();
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
  const cpu = cpuShare(before, cpuSnapshot());

  // Afterwards every touched server's latest must be its highest version.
  const seen = new Map(jobs.map((j) => [j.name, j.expect]));
  const sample = shuffle([...seen.entries()], rand).slice(0, 50);
  let wrongLatest = 0;
  for (const [name, expect] of sample) {
    const r = await getJson(`${base}/v0.1/servers/${encodeURIComponent(name)}/versions/latest`);
    if (r.status !== 200 || r.body.server.version !== expect) wrongLatest++;
  }
  return { count: jobs.length, fresh, existing: existing.length, secs, rate: jobs.length / secs, ...percentiles(latencies), errors, cpu, wrongLatest, checked: sample.length };
}

// ---------------------------------------------------------------------------------------------
// Query plans (Postgres) and CPU profile summary

const COLS = `"id", "server_name", "version", "server_json", "status", "status_message", "status_changed_at", "is_latest", "published_at", "updated_at", "unpublished_at", "source"`;

async function explainQueries(url, detailName, cursor) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const lit = (s) => client.escapeLiteral(s);
  // The statements the repository issues (drizzle), with the parameters inlined.
  const queries = {
    detail: `select ${COLS} from "server_versions" where ("server_versions"."server_name" = ${lit(detailName)} and "server_versions"."is_latest" = true) limit 1`,
    list: `select ${COLS} from "server_versions" where "server_versions"."status" <> 'deleted' order by "server_versions"."server_name" asc, "server_versions"."version" asc limit 100`,
    cursor:
      `select ${COLS} from "server_versions" where ("server_versions"."status" <> 'deleted' and ("server_versions"."server_name" > ${lit(cursor.name)} ` +
      `or ("server_versions"."server_name" = ${lit(cursor.name)} and "server_versions"."version" > ${lit(cursor.version)}))) ` +
      `order by "server_versions"."server_name" asc, "server_versions"."version" asc limit 100`,
  };
  const out = {};
  try {
    for (const [key, q] of Object.entries(queries)) {
      const times = [];
      let plan;
      for (let i = 0; i < 7; i++) {
        const r = await client.query(`explain (analyze, buffers, format json) ${q}`);
        const doc = r.rows[0]['QUERY PLAN'][0];
        times.push(doc['Execution Time'] + doc['Planning Time']);
        plan = doc.Plan;
      }
      const describe = (p) => {
        const parts = [`${p['Node Type']}${p['Index Name'] ? ` using ${p['Index Name']}` : ''}`];
        if (p['Index Cond']) parts.push(`cond ${p['Index Cond']}`);
        if (p.Filter) parts.push(`filter, ${fmtInt(p['Rows Removed by Filter'] ?? 0)} rows removed`);
        return parts.join(', ');
      };
      const nodes = [];
      for (let p = plan; p; p = p.Plans?.[0]) nodes.push(describe(p));
      out[key] = { ms: percentiles(times).p50, plan: nodes.join(' -> '), rows: plan['Actual Rows'] };
    }
  } finally {
    await client.end();
  }
  return out;
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

async function machineFacts(pgUrl) {
  const facts = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
    memGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    autocannon: require('autocannon/package.json').version,
  };
  try {
    facts.commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim();
    if (dirty) facts.commit += ' (with uncommitted changes)';
  } catch {
    facts.commit = 'unknown';
  }
  if (MODE === 'postgres') {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      const r = await c.query(`select current_setting('server_version') v, current_setting('shared_buffers') sb, current_setting('synchronous_commit') sc`);
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
  cursor: 'GET /v0.1/servers?limit=100&cursor={random}',
};

function verdict(route, p95) {
  const target = TARGETS[route];
  if (MODE !== 'postgres') return `(target ${target} ms applies to Postgres)`;
  return p95 <= target ? `**met**, ${ratio(target / p95)}x headroom` : `**missed**, ${ratio(p95 / target)}x over`;
}

function resultsMarkdown(r) {
  const L = [];
  const f = r.facts;
  const modeTitle = MODE === 'postgres' ? 'Postgres' : 'PGlite (embedded)';
  L.push(`### Results: ${modeTitle}`);
  L.push('');
  L.push(`Run ${f.date} on commit ${f.commit}: ${f.cpus} CPUs (${f.cpuModel}), ${f.memGb} GB RAM, ${f.os}; Node ${f.node}; ${f.database}; autocannon ${f.autocannon}.`);
  L.push(
    `Hub: \`node apps/hub/dist/main.js\`, LOG_LEVEL=warn, ${MODE === 'postgres' ? `HUB_DB_POOL_SIZE=${opt['pool-size'] ?? '10 (default)'}` : 'HUB_DATA_DIR=<temp dir>'}.`,
  );
  L.push('');
  const ld = r.load;
  L.push(
    `Data: ${fmtInt(ld.servers)} servers / ${fmtInt(ld.versions)} versions, bulk-inserted in ${ld.insertSecs.toFixed(1)} s ` +
      `(${fmtInt(ld.versions / ld.insertSecs)} versions/s) plus ANALYZE, ${ld.totalSecs.toFixed(1)} s in all` +
      (ld.migrateSecs !== undefined ? ` (migrations on the fresh data dir: ${ld.migrateSecs.toFixed(1)} s)` : '') +
      `. Response sizes: ${fmtInt(r.sizes.listBytes / 1024)} KiB per 100-item page, ${fmtInt(r.sizes.detailBytes)} B per detail.`,
  );
  L.push('');
  L.push(`Reads: ${CONNECTIONS} connections, ${DURATION} s per route after an unreported ${WARMUP} s warm-up; latencies in ms.`);
  L.push('');
  L.push('| Route | req/s | p50 | p95 | p99 | max | non-2xx / errors | p95 target | CPU (of 200%) |');
  L.push('|---|---:|---:|---:|---:|---:|---:|---|---|');
  for (const route of ROUTES) {
    const x = r.runs[route];
    if (!x) continue;
    L.push(
      `| ${LABELS[route]} | ${fmtInt(x.rps)} | ${ms(x.p50)} | ${ms(x.p95)} | ${ms(x.p99)} | ${ms(x.max)} | ${x.non2xx} / ${x.errors + x.timeouts} | ` +
        `${TARGETS[route]} ms: ${verdict(route, x.p95)} | ${fmtCpu(x.cpu)} |`,
    );
  }
  if (BASELINE > 0) {
    L.push('');
    L.push(`Service time without queueing (1 connection, ${BASELINE} s per route):`);
    L.push('');
    L.push('| Route | req/s | p50 | p95 | p99 |');
    L.push('|---|---:|---:|---:|---:|');
    for (const route of ROUTES) {
      const x = r.baseline[route];
      if (x) L.push(`| ${LABELS[route]} | ${fmtInt(x.rps)} | ${ms(x.p50)} | ${ms(x.p95)} | ${ms(x.p99)} |`);
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
    L.push('The same SQL the repository issues, EXPLAIN ANALYZE on the loaded data (median of 7, planning + execution):');
    L.push('');
    for (const [k, e] of Object.entries(r.explain)) L.push(`- ${k}: ${ms(e.ms)} ms, ${e.rows} rows: ${e.plan.replace(/\|/g, '\\|')}`);
  }
  return L.join('\n');
}

const METHOD_MD = `## Registry API

Measured by \`bench/registry.bench.mjs\` (see bench/README.md). The Hub runs as a child process on a
fresh database. 20,000 servers are generated from the shapes in the official registry's production
fixture (production-2025-09-30.v0.1.json): server i takes shape i mod 461, renamed
\`<namespace>-b<i>/<name>\`, with everything else kept; 70% have one version, 20% two and 10%
three, about 28,000 versions in all. They are bulk-inserted with multi-row INSERTs (1,000 servers
per transaction) and the tables are ANALYZEd. Then autocannon drives each route with 64
connections for 20 s after a 3 s warm-up: the 100-item first page, the latest version of a random
server per request, and a 100-item page from a random cursor position. Percentiles are
nearest-rank over every request's latency as autocannon measures it (its per-response
\`responseTime\`, in fractional ms), not read off autocannon's 1 ms-bucket histogram. Finally 1,000
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
  const order = ['### Results: Postgres', '### Results: PGlite (embedded)'];
  const body = [...subsections.keys()]
    .sort((a, b) => order.indexOf(a) - order.indexOf(b))
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
  log(`${pad('route', 48)}${lpad('req/s', 8)}${lpad('p50', 8)}${lpad('p95', 8)}${lpad('p99', 8)}${lpad('max', 8)}${lpad('non2xx', 8)}  vs target`);
  for (const route of ROUTES) {
    const x = r.runs[route];
    if (!x) continue;
    const t = TARGETS[route];
    const vs =
      x.p95 <= t ? `p95 ${ms(x.p95)} ms (target ${t} ms, ${ratio(t / x.p95)}x headroom)` : `p95 ${ms(x.p95)} ms (target ${t} ms, MISSED: ${ratio(x.p95 / t)}x over)`;
    log(
      `${pad(`${LABELS[route]} [${CONNECTIONS}c]`, 48)}${lpad(fmtInt(x.rps), 8)}${lpad(ms(x.p50), 8)}${lpad(ms(x.p95), 8)}${lpad(ms(x.p99), 8)}${lpad(ms(x.max), 8)}${lpad(
        x.non2xx + x.errors + x.timeouts,
        8,
      )}  ${vs}${MODE === 'postgres' ? '' : ' [target is for Postgres]'}`,
    );
  }
  for (const route of ROUTES) {
    const x = r.baseline[route];
    if (x) log(`${pad(`${LABELS[route]} [1c]`, 48)}${lpad(fmtInt(x.rps), 8)}${lpad(ms(x.p50), 8)}${lpad(ms(x.p95), 8)}${lpad(ms(x.p99), 8)}${lpad(ms(x.max), 8)}${lpad(x.non2xx + x.errors, 8)}`);
  }
  if (r.publish) {
    const p = r.publish;
    log(`${pad(`POST /v0.1/publish x${p.count} [${PUBLISH_CONC} concurrent]`, 48)}${lpad(p.rate.toFixed(0), 8)}${lpad(ms(p.p50), 8)}${lpad(ms(p.p95), 8)}${lpad(ms(p.p99), 8)}${lpad(ms(p.max), 8)}${lpad(p.errors.length, 8)}  versions/s`);
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
  log(`  ${JSON.stringify(results.facts)}`);

  const shapes = loadShapes();
  const dataset = generate(N_SERVERS, shapes);
  log(`  generated ${fmtInt(dataset.length)} servers from ${shapes.length} fixture shapes`);

  state.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const token = `bench-${crypto.randomBytes(24).toString('base64url')}`;
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', HUB_BOOTSTRAP_TOKEN: token };
  delete env.DATABASE_URL;
  delete env.HUB_DB_POOL_SIZE;
  if (opt['pool-size']) env.HUB_DB_POOL_SIZE = opt['pool-size'];
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
  log(`  ${fmtInt(results.load.servers)} servers, ${fmtInt(results.load.versions)} versions in ${results.load.insertSecs.toFixed(1)} s (+ANALYZE: ${results.load.totalSecs.toFixed(1)} s)`);

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
      .sort((a, b) => (a.server_name < b.server_name ? -1 : a.server_name > b.server_name ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
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
  const paths = {
    list: () => '/v0.1/servers?limit=100',
    detail: () => `/v0.1/servers/${encodedNames[Math.floor(Math.random() * encodedNames.length)]}/versions/latest`,
    cursor: () => `/v0.1/servers?limit=100&cursor=${cursors[Math.floor(Math.random() * cursors.length)]}`,
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
    log(`  autocannon's own histogram: p50 ${x.ac.p50} p97.5 ${x.ac.p97_5} p99 ${x.ac.p99} ms, mean of per-second req counts ${fmtInt(x.ac.avgRps)}`);
    log(`  CPU: ${fmtCpu(x.cpu)} (200% = both cores)`);
    if (BASELINE > 0) {
      const b = await cannon(base, paths[route], 1, BASELINE);
      results.baseline[route] = b;
      log(`  1 connection: ${fmtInt(b.rps)} req/s, p50 ${ms(b.p50)} p95 ${ms(b.p95)} p99 ${ms(b.p99)} ms; CPU: ${fmtCpu(b.cpu)}`);
    }
  }

  if (N_PUBLISH > 0) {
    step(`Publishing ${N_PUBLISH} versions at concurrency ${PUBLISH_CONC}`);
    const p = await publishBench(base, token, dataset, N_PUBLISH, PUBLISH_CONC);
    results.publish = p;
    log(`  ${p.count} versions in ${p.secs.toFixed(1)} s = ${p.rate.toFixed(0)} versions/s; p50 ${ms(p.p50)} p95 ${ms(p.p95)} p99 ${ms(p.p99)} ms; errors ${p.errors.length}`);
    for (const e of p.errors.slice(0, 5)) log(`    ${e}`);
    log(`  latest correct on ${p.checked - p.wrongLatest}/${p.checked} sampled servers; CPU: ${fmtCpu(p.cpu)}`);
  }

  if (MODE === 'postgres') {
    step('EXPLAIN ANALYZE of the route queries');
    const mid = ordered[Math.floor(ordered.length / 2)];
    results.explain = await explainQueries(dbUrl, dataset[Math.floor(dataset.length / 2)].name, { name: mid.server_name, version: mid.version });
    for (const [k, e] of Object.entries(results.explain)) log(`  ${k}: ${ms(e.ms)} ms: ${e.plan}`);
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
    if (x.non2xx + x.errors + x.timeouts > 0) failures.push(`${route}: ${x.non2xx} non-2xx, ${x.errors} errors, ${x.timeouts} timeouts`);
  }
  if (results.publish && (results.publish.errors.length > 0 || results.publish.wrongLatest > 0)) failures.push('publish: errors or wrong latest');
  if (WRITE_DOCS && failures.length === 0) {
    writeDocs(results);
    log(`\n  wrote the "## Registry API" section of ${path.relative(ROOT, DOCS)}`);
  } else if (WRITE_DOCS) log(`\n  not writing ${path.relative(ROOT, DOCS)}: the run had failures`);
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
