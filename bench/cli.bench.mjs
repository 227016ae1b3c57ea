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
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FIXTURE, ROOT, freePort, spawnHub, stats, stopChild, waitForSeededHub, writeDocsBlock } from './lib/hub.mjs';

const MCPM = path.join(ROOT, 'apps/mcpm/dist/mcpm.js');
const { values: opt } = parseArgs({
  options: { runs: { type: 'string', default: '30' }, docs: { type: 'boolean', default: false } },
});
const RUNS = Number(opt.runs);

if (!fs.existsSync(MCPM)) {
  console.error('bench: build first (pnpm build): apps/mcpm/dist/mcpm.js is missing');
  process.exit(2);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpm-bench-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const adminToken = `bench-admin-${process.pid}-${Date.now().toString(36)}`;
const hub = spawnHub(
  {
    PORT: String(port),
    HUB_RATE_LIMIT: '0',
    HUB_EMBEDDINGS: 'off',
    HUB_DATA_DIR: path.join(tmp, 'hub'),
    HUB_SEED_FILE: FIXTURE,
    HUB_BOOTSTRAP_TOKEN: adminToken,
  },
  { output: 'stderr' },
);
try {
  await waitForSeededHub({ api: base, timeoutMs: 120_000, everyMs: 200 });

  const home = path.join(tmp, 'home');
  fs.mkdirSync(home);
  const env = { ...process.env, HOME: home, MCPM_REGISTRY: base, CI: 'true', NO_COLOR: '1' };
  delete env.XDG_CONFIG_HOME;
  // A second home, logged in: its reads carry the token, read from the file vault each time.
  const loggedIn = path.join(tmp, 'home-logged-in');
  fs.mkdirSync(loggedIn);
  const login = spawnSync(process.execPath, [MCPM, 'login', '--token', adminToken], {
    env: { ...env, HOME: loggedIn },
    encoding: 'utf8',
  });
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
    return stats(samples);
  };
  const allChunks = path.join(tmp, 'eager.mjs');
  const chunkDir = path.join(ROOT, 'apps/mcpm/dist/chunks');
  fs.writeFileSync(
    allChunks,
    fs
      .readdirSync(chunkDir)
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => `import ${JSON.stringify(path.join(chunkDir, f))};`)
      .join('\n') + `\nawait import(${JSON.stringify(path.join(ROOT, 'apps/mcpm/dist/mcpm.mjs'))});\n`,
  );
  const cache = path.join(home, '.mcpm', 'cache');
  const rows = [
    ['node -e 0 (floor)', time(['-e', '0'])],
    ['mcpm --version', time([MCPM, '--version'])],
    ['mcpm --version, every chunk loaded eagerly', time([allChunks, '--version'])],
    ['mcpm --help', time([MCPM, '--help'])],
    [
      'mcpm search "send email", empty cache',
      time([MCPM, 'search', 'send email'], {}, () => fs.rmSync(cache, { recursive: true, force: true })),
    ],
    ['mcpm search "send email", warm cache (ETag 304)', time([MCPM, 'search', 'send email'])],
    ['mcpm search "send email" --offline', time([MCPM, 'search', 'send email', '--offline'])],
    ['mcpm info io.github.github/github-mcp-server', time([MCPM, 'info', 'io.github.github/github-mcp-server'])],
    ['mcpm search "send email", warm cache, logged in', time([MCPM, 'search', 'send email'], { HOME: loggedIn })],
    [
      'mcpm info io.github.github/github-mcp-server, logged in',
      time([MCPM, 'info', 'io.github.github/github-mcp-server'], { HOME: loggedIn }),
    ],
  ];
  const floor = rows[0][1].median;
  const lines = rows.map(
    ([label, r]) =>
      `| ${label} | ${r.median.toFixed(0)} | ${r.p90.toFixed(0)} | ${r.min.toFixed(0)} | ${(r.median / floor).toFixed(2)}× | ${(r.median - floor).toFixed(0)} |`,
  );
  const tableText = [
    '| command | median ms | p90 ms | min ms | × floor | ms over floor |',
    '|---|---|---|---|---|---|',
    ...lines,
  ].join('\n');
  const version = rows[1][1].median;
  const eager = rows[2][1].median;
  const summary = `${RUNS} runs each, Node ${process.version}, ${os.cpus().length} cores. \`mcpm --version\`: ${version.toFixed(0)} ms median (target < 150 ms); loading every chunk up front would cost ${eager.toFixed(0)} ms (${(eager / version).toFixed(2)}× as much).`;
  console.log(tableText + '\n\n' + summary);
  if (opt.docs) {
    const block = [
      `<!-- cli-bench:start -->`,
      `### mcpm cold start — ${new Date().toISOString().slice(0, 10)}`,
      '',
      summary,
      '',
      tableText,
      `<!-- cli-bench:end -->`,
    ].join('\n');
    writeDocsBlock(
      'cli-bench',
      block,
      '## mcpm (CLI)\n\nMeasured by `bench/cli.bench.mjs`: every run is a new process, as a shell or an MCP host starts mcpm.\n\n',
    );
  }
} finally {
  await stopChild(hub);
  fs.rmSync(tmp, { recursive: true, force: true });
}
