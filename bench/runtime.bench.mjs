#!/usr/bin/env node
/**
 * The Runtime service's figures, on the built Hub over a scratch Postgres database:
 *  1. Cached npm inspections: after a warm-up (one inspection per package fills the npm cache),
 *     N versions of real servers from npm (server-everything, server-memory) are published at once
 *     and inspected in the sandbox by the worker (HUB_RUNTIME_CONCURRENCY, default 2): inspections
 *     per minute, p50/p95 per inspection (as the worker timed it), the Hub's RSS.
 *  2. Health probes: R remotes (one child process serving R stateless SDK servers) are published;
 *     after their inspections, the Hub restarts with HUB_HEALTH_INTERVAL=60s and probes each once
 *     in the interval's first 48 s: the Hub's CPU for those probes, extrapolated to the default
 *     10-minute interval (the target: < 10 % of one core for 1,000 remotes), and RSS.
 *
 *   node bench/runtime.bench.mjs [--inspections 40] [--remotes 1000] [--write]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';
import { freePort, sleep, spawnHub, stopChild, until, writeDocsBlock } from './lib/hub.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const N = opt('inspections', 40);
const R = opt('remotes', 1000);
const WRITE = args.includes('--write');
const ADMIN = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TOKEN = 'bench-runtime-admin-token-0123456789';
const PACKAGES = [
  ['@modelcontextprotocol/server-everything', '2026.8.31'],
  ['@modelcontextprotocol/server-memory', '2026.8.31'],
];

const dbName = `hub_bench_runtime_${process.pid}`;
const admin = new pg.Client({ connectionString: ADMIN });
await admin.connect();
await admin.query(`create database ${dbName}`);
const dbUrl = Object.assign(new URL(ADMIN), { pathname: `/${dbName}` }).toString();
const db = new pg.Client({ connectionString: dbUrl });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-runtime-'));
let hub;
let remotes;

const clk = 100; // USER_HZ on Linux
const cpuSeconds = (pid) => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / clk;
};
const rssMb = (pid) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
};

async function start(env = {}) {
  const port = await freePort();
  const child = spawnHub(
    {
      PORT: String(port),
      DATABASE_URL: dbUrl,
      HUB_DATA_DIR: dataDir,
      HUB_BOOTSTRAP_TOKEN: TOKEN,
      HUB_WEB: 'off',
      HUB_EMBEDDINGS: 'off',
      HUB_RATE_LIMIT: '0',
      HUB_PUBLISH_QUOTA: '0',
      HUB_RUNTIME: 'on',
      HUB_RUNTIME_ALLOW_PRIVATE_NETWORKS: '1',
      HUB_HEALTH_INTERVAL: '1d',
      ...env,
    },
    { output: 'stderr' },
  );
  const api = `http://127.0.0.1:${port}`;
  await until(() => fetch(`${api}/healthz`).then((r) => r.ok), 60_000);
  return { child, api };
}

const publish = (api, body) =>
  fetch(`${api}/v0.1/publish`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => {
    if (r.status !== 200) throw new Error(`publish answered ${r.status}`);
  });
const doc = (name, extra) => ({
  $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  name,
  description: 'A benchmark server',
  version: '1.0.0',
  ...extra,
});
const npm = ([identifier, version]) => ({
  packages: [{ registryType: 'npm', identifier, version, transport: { type: 'stdio' } }],
});
const inspected = async (prefix) =>
  Number(
    (
      await db.query(`select count(*)::int as n from capabilities where server_name like $1 and source = 'inspected'`, [
        `${prefix}%`,
      ])
    ).rows[0].n,
  );
const pct = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * q) - 1)];
};

try {
  await db.connect();
  hub = await start();

  // 1. Warm the npm cache: one inspection per package (timed: the cold figure).
  const coldStart = Date.now();
  for (const [i, p] of PACKAGES.entries()) await publish(hub.api, doc(`io.github.bench-warm/p${i}`, npm(p)));
  await until(async () => (await inspected('io.github.bench-warm/')) === PACKAGES.length, 300_000, 250);
  const coldMs = Date.now() - coldStart;
  const statuses = (
    await db.query(`select status, reason from capabilities where server_name like 'io.github.bench-warm/%'`)
  ).rows;
  if (statuses.some((s) => s.status !== 'ok'))
    throw new Error(`warm-up inspections did not end ok: ${JSON.stringify(statuses)}`);

  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: N }, (_, i) => publish(hub.api, doc(`io.github.bench-cached/s${i}`, npm(PACKAGES[i % 2])))),
  );
  await until(async () => (await inspected('io.github.bench-cached/')) === N, 600_000, 100);
  const elapsed = (Date.now() - t0) / 1000;
  const rows = (
    await db.query(`select status, duration_ms from capabilities where server_name like 'io.github.bench-cached/%'`)
  ).rows;
  const okCount = rows.filter((r) => r.status === 'ok').length;
  const durations = rows.map((r) => Number(r.duration_ms));
  const inspections = {
    n: N,
    ok: okCount,
    perMinute: Math.round((N / elapsed) * 60 * 10) / 10,
    p50: pct(durations, 0.5),
    p95: pct(durations, 0.95),
    coldMs,
    rssMb: rssMb(hub.child.pid),
  };
  console.log('cached npm inspections', inspections);

  // 2. Remotes: publish R, let the worker inspect them, then restart with a 60 s health interval.
  remotes = spawn(
    process.execPath,
    [path.join(path.dirname(new URL(import.meta.url).pathname), 'lib/mcp-remotes.mjs')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const { port: remotePort } = JSON.parse(
    await new Promise((r) => readline.createInterface({ input: remotes.stdout }).once('line', r)),
  );
  const r0 = Date.now();
  for (let i = 0; i < R; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, R - i) }, (_, j) =>
        publish(
          hub.api,
          doc(`io.github.bench-remote/r${i + j}`, {
            remotes: [{ type: 'streamable-http', url: `http://127.0.0.1:${remotePort}/mcp/${i + j}` }],
          }),
        ),
      ),
    );
  }
  await until(async () => (await inspected('io.github.bench-remote/')) === R, 900_000, 500);
  const remoteInspections = { n: R, perMinute: Math.round((R / ((Date.now() - r0) / 1000)) * 60) };
  console.log('remote inspections', remoteInspections);
  await stopChild(hub.child);

  hub = await start({ HUB_HEALTH_INTERVAL: '60s' });
  await sleep(3000); // boot work (reconciler: nothing to do) settles before the meter starts
  const cpu0 = cpuSeconds(hub.child.pid);
  const p0 = Date.now();
  const probed = async () =>
    Number(
      (await db.query(`select count(*)::int as n from health_checks where server_name like 'io.github.bench-remote/%'`))
        .rows[0].n,
    );
  await until(async () => (await probed()) >= R, 120_000, 250);
  const probeWall = (Date.now() - p0) / 1000;
  const cpu = cpuSeconds(hub.child.pid) - cpu0;
  const up = Number((await db.query(`select count(*)::int as n from health_checks where status = 'up'`)).rows[0].n);
  const probes = {
    n: R,
    up,
    wallS: Math.round(probeWall * 10) / 10,
    cpuS: Math.round(cpu * 100) / 100,
    cpuMsPerProbe: Math.round((cpu / R) * 1000 * 10) / 10,
    shareOfCoreAt10m: `${((cpu / 600) * 100).toFixed(2)} %`,
    rssMb: rssMb(hub.child.pid),
  };
  console.log('health probes', probes);

  if (WRITE) {
    const block = [
      '<!-- runtime:start -->',
      `Run ${new Date().toISOString().slice(0, 10)} on this machine (2 cores), \`node bench/runtime.bench.mjs --write\`, the built Hub on Postgres, HUB_RUNTIME_CONCURRENCY=2, bubblewrap with a cgroup per run.`,
      '',
      '| Figure | Result | Target |',
      '| --- | --- | --- |',
      `| Cached npm inspections (${N} versions of server-everything / server-memory, published at once; ${okCount} ok) | **${inspections.perMinute} per minute**; p50 ${inspections.p50} ms, p95 ${inspections.p95} ms per inspection | ≥ 30 per minute |`,
      `| First inspection of each package (npm install into the cache, then the run) | ${inspections.coldMs} ms for both | — |`,
      `| Remote inspections (${R} SDK servers on 127.0.0.1, streamable HTTP) | ${remoteInspections.perMinute} per minute | — |`,
      `| Health probes of ${R} remotes (connect + handshake + tools/list; ${up} up) | ${probes.cpuS} s of Hub CPU (${probes.cpuMsPerProbe} ms per probe), spread over ${probes.wallS} s; at the default 10-minute interval **${probes.shareOfCoreAt10m} of one core** | < 10 % of one core |`,
      `| Hub RSS | ${inspections.rssMb} MB after the inspections, ${probes.rssMb} MB while probing | — |`,
      '<!-- runtime:end -->',
    ].join('\n');
    writeDocsBlock('runtime', block, '## Runtime service (issue 19)\n\n');
    console.log('docs/BENCHMARKS.md updated');
  }
} finally {
  if (hub) await stopChild(hub.child);
  if (remotes) await stopChild(remotes);
  await db.end().catch(() => undefined);
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
