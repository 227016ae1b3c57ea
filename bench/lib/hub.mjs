/**
 * What the benchmarks share: where things are, free ports, starting and stopping the built Hub,
 * waiting for it, sample statistics, and rewriting a marked block of docs/BENCHMARKS.md.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const HUB_MAIN = path.join(ROOT, 'apps/hub/dist/main.js');
export const FIXTURE = path.resolve(ROOT, '../shared/fixtures/official-registry/production-2025-09-30.v0.1.json');
export const MODEL = path.resolve(ROOT, '../shared/models/glove-static-10k');
export const DOCS = path.join(ROOT, 'docs/BENCHMARKS.md');
export const autocannon = createRequire(import.meta.url)('autocannon');

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Whether a GET of `url` answers 2xx (false when nothing listens). */
export const answers = (url) =>
  fetch(url).then(
    (r) => r.ok,
    () => false,
  );

/** Polls `check` until it resolves truthy; a rejection counts as "not yet". */
export async function until(check, timeoutMs, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/** Where this machine keeps its CA certificates and npm its cache: what a Hub that fetches packages needs of the environment. */
const TRUST = Object.fromEntries(
  ['HOME', 'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR']
    .filter((k) => process.env[k])
    .map((k) => [k, process.env[k]]),
);

/**
 * Starts the built Hub (`apps/hub/dist/main.js`) as a child on 127.0.0.1 with `env` (PORT and the
 * rest) over a bare environment. `output: 'inherit'` shares this script's stdout and stderr;
 * `'stderr'` pipes only stderr through, so a Hub left behind cannot hold this script's output open.
 */
export function spawnHub(env, { output = 'inherit' } = {}) {
  const child = spawn(process.execPath, [HUB_MAIN], {
    env: { PATH: process.env.PATH, ...TRUST, HOST: '127.0.0.1', LOG_LEVEL: 'error', HUB_UPSTREAM_URL: 'off', ...env },
    stdio: output === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'ignore', 'pipe'],
  });
  if (output !== 'inherit') child.stderr.on('data', (d) => process.stderr.write(d));
  return child;
}

/**
 * The all-in-one Hub with its web site, on embedded PGlite in a new temp folder, seeded from the
 * official-registry fixture, on two free ports. `stop()` stops it and removes the folder.
 */
export async function startSite(tmpPrefix, env) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
  const port = await freePort();
  const webPort = await freePort();
  const hub = spawnHub({
    PORT: String(port),
    WEB_PORT: String(webPort),
    HUB_DATA_DIR: path.join(tmp, 'hub'),
    HUB_SEED_FILE: FIXTURE,
    ...env,
  });
  const stop = async () => {
    await stopChild(hub);
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  return { api: `http://127.0.0.1:${port}`, web: `http://127.0.0.1:${webPort}`, stop };
}

/** SIGTERM, then waits for the exit (at once if it has already exited). */
export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Waits until the Hub at `api` has indexed its seed (more than 400 documents, none pending) and,
 * when `web` is given, the site answers too.
 */
export async function waitForSeededHub({ api, web, timeoutMs, everyMs }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const z = await fetch(`${api}/healthz`).then(
      (r) => r.json(),
      () => undefined,
    );
    const up = web === undefined || (await answers(`${web}/robots.txt`));
    if (up && z?.checks?.search?.pending === 0 && z.checks.search.documents > 400) return;
    if (Date.now() > deadline) throw new Error('the Hub did not come up');
    await sleep(everyMs);
  }
}

/** Median, p90 and min of a list of numbers. */
export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p90: s[Math.ceil(s.length * 0.9) - 1], min: s[0] };
}

/**
 * Replaces the block between `<!-- ${marker}:start -->` and `<!-- ${marker}:end -->` in
 * docs/BENCHMARKS.md with `block` (which carries those markers); where there is none yet, appends
 * `intro` and the block at the end.
 */
export function writeDocsBlock(marker, block, intro) {
  const text = fs.readFileSync(DOCS, 'utf8');
  const re = new RegExp(`<!-- ${marker}:start -->[\\s\\S]*<!-- ${marker}:end -->`);
  fs.writeFileSync(
    DOCS,
    re.test(text) ? text.replace(re, () => block) : text.trimEnd() + '\n\n' + intro + block + '\n',
  );
}
