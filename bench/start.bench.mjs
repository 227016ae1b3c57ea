// Time-to-listening of `pnpm start`: the whole process, from the command to /healthz answering
// and to the web site answering, for a number of consecutive starts (the first may build).
//
//   node bench/start.bench.mjs [--root <workspace>] [--runs 3]
//
// The starts share one embedded database, created by the first (as a second start on the same
// machine finds it), and get free ports, no upstream and no model download (HUB_UPSTREAM_URL=off,
// the shipped GloVe model when ../shared/models has it, else HUB_EMBEDDINGS=off), so it talks only
// to 127.0.0.1. Each start is stopped (SIGTERM to its process group) before the next.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, answers, freePort } from './lib/hub.mjs';

const { values } = parseArgs({ options: { root: { type: 'string' }, runs: { type: 'string', default: '3' } } });
const root = path.resolve(values.root ?? ROOT);
const runs = Number(values.runs);
const model = path.resolve(root, '../shared/models/glove-static-10k');

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hub-start-bench-'));

async function startOnce() {
  const [port, webPort] = [await freePort(), await freePort()];
  const started = performance.now();
  const child = spawn('npx', ['--yes', 'pnpm@12.21.0', 'start'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      WEB_PORT: String(webPort),
      HOST: '127.0.0.1',
      HUB_DATA_DIR: dataDir,
      HUB_UPSTREAM_URL: 'off',
      ...(existsSync(model) ? { HUB_EMBEDDINGS_MODEL_DIR: model } : { HUB_EMBEDDINGS: 'off' }),
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const result = {};
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`pnpm start exited with ${child.exitCode}:\n${output.slice(-3000)}`);
      if (result.healthz === undefined && (await answers(`http://127.0.0.1:${port}/healthz`)))
        result.healthz = performance.now() - started;
      if (result.healthz !== undefined && (await answers(`http://127.0.0.1:${webPort}/robots.txt`))) {
        result.web = performance.now() - started;
        break;
      }
      if (performance.now() - started > 900_000) throw new Error('no answer within 15 minutes');
      await new Promise((r) => setTimeout(r, 50));
    }
    result.logLines = output.split('\n').filter(Boolean).length;
    return result;
  } finally {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await exited;
  }
}

console.log(`pnpm start in ${root}, ${runs} consecutive starts`);
console.log('run  /healthz answers  web site answers  output lines');
try {
  for (let i = 1; i <= runs; i++) {
    const r = await startOnce();
    console.log(
      `${String(i).padEnd(4)} ${(r.healthz / 1000).toFixed(1).padStart(8)} s ${(r.web / 1000).toFixed(1).padStart(14)} s ${String(r.logLines).padStart(12)}`,
    );
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
