#!/usr/bin/env node
/**
 * mcpm cold start: each run is a new process, as a user's shell or an MCP host starts it.
 *
 *   node bench/cli.bench.mjs [--runs 30] [--docs]
 *
 * Measures, against a Hub started as a child process (embedded PGlite, seeded from the
 * official-registry fixture): plain `node -e 0` (the floor), `mcpm --version`, `mcpm --help`,
 * `mcpm search` with an empty cache, with a warm cache (ETag revalidation) and `--offline`, and
 * `mcpm info`, anonymous and logged in (each read then takes the login from the file vault). Also
 * what `--version` would cost if every chunk were loaded at start (what lazy loading saves). Prints median / p90 / min in ms and ratios to the floor.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MCPM = path.join(ROOT, 'apps/mcpm/dist/mcpm.js');
const FIXTURE = path.resolve(ROOT, '../shared/fixtures/official-registry/production-2025-09-30.v0.1.json');
const { values: opt } = parseArgs({ options: { runs: { type: 'string', default: '30' }, docs: { type: 'boolean', default: false } } });
const RUNS = Number(opt.runs);

if (!fs.existsSync(MCPM)) {
  console.error('bench: build first (pnpm build): apps/mcpm/dist/mcpm.js is missing');
  process.exit(2);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpm-bench-'));
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = s.address();
    s.close(() => resolve(p));
  });
});
const base = `http://127.0.0.1:${port}`;
const adminToken = `bench-admin-${process.pid}-${Date.now().toString(36)}`;
const hub = spawn(process.execPath, [path.join(ROOT, 'apps/hub/dist/main.js')], {
  env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', HUB_UPSTREAM_URL: 'off', HUB_RATE_LIMIT: '0', HUB_EMBEDDINGS: 'off', HUB_DATA_DIR: path.join(tmp, 'hub'), HUB_SEED_FILE: FIXTURE, HUB_BOOTSTRAP_TOKEN: adminToken },
  // Piped, not inherited: a Hub left behind must not hold this script's output open.
  stdio: ['ignore', 'ignore', 'pipe'],
});
hub.stderr.on('data', (d) => process.stderr.write(d));
try {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const z = await fetch(`${base}/healthz`).then((r) => r.json(), () => undefined);
    if (z?.checks?.search?.pending === 0 && z.checks.search.documents > 400) break;
    if (Date.now() > deadline) throw new Error('the Hub did not come up');
    await new Promise((r) => setTimeout(r, 200));
  }

  const home = path.join(tmp, 'home');
  fs.mkdirSync(home);
  const env = { ...process.env, HOME: home, MCPM_REGISTRY: base, CI: 'true', NO_COLOR: '1' };
  delete env.XDG_CONFIG_HOME;
  // A second home, logged in: its reads carry the token, read from the file vault each time.
  const loggedIn = path.join(tmp, 'home-logged-in');
  fs.mkdirSync(loggedIn);
  const login = spawnSync(process.execPath, [MCPM, 'login', '--token', adminToken], { env: { ...env, HOME: loggedIn }, encoding: 'utf8' });
  if (login.status !== 0) throw new Error(`mcpm login: ${login.stderr}`);
  const time = (args, extraEnv = {}, before) => {
    const samples = [];
    for (let i = 0; i < RUNS + 2; i++) {
      before?.();
      const t = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args, { env: { ...env, ...extraEnv }, encoding: 'utf8' });
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      if (i >= 2) samples.push(ms); // two unmeasured runs warm the OS file cache
    }
    samples.sort((a, b) => a - b);
    return { median: samples[Math.floor(samples.length / 2)], p90: samples[Math.ceil(samples.length * 0.9) - 1], min: samples[0] };
  };
  const allChunks = path.join(tmp, 'eager.mjs');
  const chunkDir = path.join(ROOT, 'apps/mcpm/dist/chunks');
  fs.writeFileSync(allChunks, fs.readdirSync(chunkDir).filter((f) => f.endsWith('.mjs')).map((f) => `import ${JSON.stringify(path.join(chunkDir, f))};`).join('\n') + `\nawait import(${JSON.stringify(path.join(ROOT, 'apps/mcpm/dist/mcpm.mjs'))});\n`);
  const cache = path.join(home, '.mcpm', 'cache');
  const rows = [
    ['node -e 0 (floor)', time(['-e', '0'])],
    ['mcpm --version', time([MCPM, '--version'])],
    ['mcpm --version, every chunk loaded eagerly', time([allChunks, '--version'])],
    ['mcpm --help', time([MCPM, '--help'])],
    ['mcpm search "send email", empty cache', time([MCPM, 'search', 'send email'], {}, () => fs.rmSync(cache, { recursive: true, force: true }))],
    ['mcpm search "send email", warm cache (ETag 304)', time([MCPM, 'search', 'send email'])],
    ['mcpm search "send email" --offline', time([MCPM, 'search', 'send email', '--offline'])],
    ['mcpm info io.github.github/github-mcp-server', time([MCPM, 'info', 'io.github.github/github-mcp-server'])],
    ['mcpm search "send email", warm cache, logged in', time([MCPM, 'search', 'send email'], { HOME: loggedIn })],
    ['mcpm info io.github.github/github-mcp-server, logged in', time([MCPM, 'info', 'io.github.github/github-mcp-server'], { HOME: loggedIn })],
  ];
  const floor = rows[0][1].median;
  const lines = rows.map(([label, r]) => `| ${label} | ${r.median.toFixed(0)} | ${r.p90.toFixed(0)} | ${r.min.toFixed(0)} | ${(r.median / floor).toFixed(2)}× | ${(r.median - floor).toFixed(0)} |`);
  const tableText = ['| command | median ms | p90 ms | min ms | × floor | ms over floor |', '|---|---|---|---|---|---|', ...lines].join('\n');
  const version = rows[1][1].median;
  const eager = rows[2][1].median;
  const summary = `${RUNS} runs each, Node ${process.version}, ${os.cpus().length} cores. \`mcpm --version\`: ${version.toFixed(0)} ms median (target < 150 ms); loading every chunk up front would cost ${eager.toFixed(0)} ms (${(eager / version).toFixed(2)}× as much).`;
  console.log(tableText + '\n\n' + summary);
  if (opt.docs) {
    const file = path.join(ROOT, 'docs/BENCHMARKS.md');
    const block = [`<!-- cli-bench:start -->`, `### mcpm cold start — ${new Date().toISOString().slice(0, 10)}`, '', summary, '', tableText, `<!-- cli-bench:end -->`].join('\n');
    const text = fs.readFileSync(file, 'utf8');
    const re = /<!-- cli-bench:start -->[\s\S]*<!-- cli-bench:end -->/;
    fs.writeFileSync(file, re.test(text) ? text.replace(re, block) : text.trimEnd() + '\n\n## mcpm (CLI)\n\nMeasured by `bench/cli.bench.mjs`: every run is a new process, as a shell or an MCP host starts mcpm.\n\n' + block + '\n');
  }
} finally {
  hub.kill('SIGTERM');
  await new Promise((r) => hub.once('exit', r));
  fs.rmSync(tmp, { recursive: true, force: true });
}
