// Whether the workspace's build is up to date with its sources, so `pnpm start` builds only when
// it must. The record of the last successful build (a hash of every source file, taken when that
// build started) lives in node_modules/.cache, so a fresh clone or a reinstall builds again.
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const STAMP = path.join('node_modules', '.cache', 'mcp-hub', 'build.json');
/** Files at the root that every package's build reads. */
const ROOT_FILES = ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'tsconfig.base.json', '.swcrc'];
/** Inside a package: what builds write (dist, pack, dot-folders such as .next) and what no build reads (tests). */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'pack', 'test', 'coverage']);
const SKIPPED_FILE = /(\.spec\.tsx?|\.tsbuildinfo|^next-env\.d\.ts)$/;

/** The workspace packages (apps/*, libs/*), each with its folder relative to the root and its package.json. */
function packages(root) {
  const found = [];
  for (const group of ['apps', 'libs']) {
    const dir = path.join(root, group);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      const manifest = path.join(dir, name, 'package.json');
      if (fs.existsSync(manifest))
        found.push({ dir: `${group}/${name}`, pkg: JSON.parse(fs.readFileSync(manifest, 'utf8')) });
    }
  }
  return found;
}

/** Every source file a build reads, relative to the root ('/'-separated), with a hash of its content. */
function sourceFiles(root) {
  const files = {};
  const add = (rel) => {
    files[rel] = createHash('sha256')
      .update(fs.readFileSync(path.join(root, rel)))
      .digest('hex');
  };
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(child);
      } else if (entry.isFile() && !SKIPPED_FILE.test(entry.name)) add(child);
    }
  };
  for (const file of ROOT_FILES) if (fs.existsSync(path.join(root, file))) add(file);
  for (const { dir } of packages(root)) walk(dir);
  return files;
}

/** What the build must have produced for the Hub to start: each package's entry points, the site's build. */
function expectedOutputs(root) {
  const outputs = ['apps/hub/dist/main.js'];
  for (const { dir, pkg } of packages(root)) {
    const build = pkg.scripts?.build;
    if (!build) continue;
    if (/\bnext build\b/.test(build)) outputs.push(`${dir}/.next/BUILD_ID`);
    if (typeof pkg.main === 'string' && !pkg.main.endsWith('.ts'))
      outputs.push(`${dir}/${pkg.main.replace(/^\.\//, '')}`);
    for (const bin of typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {}))
      outputs.push(`${dir}/${bin.replace(/^\.\//, '')}`);
  }
  return [...new Set(outputs)];
}

/**
 * The decision, from facts only: build when an output is missing, when no build is on record,
 * or when a source was added, removed or changed since the recorded build started.
 */
function decide({ missing, built, current }) {
  if (missing.length > 0) return { build: true, reason: `${missing[0]} is missing` };
  if (!built) return { build: true, reason: 'no build on record' };
  for (const [file, hash] of Object.entries(current)) {
    if (!(file in built)) return { build: true, reason: `${file} is new since the last build` };
    if (built[file] !== hash) return { build: true, reason: `${file} changed since the last build` };
  }
  for (const file of Object.keys(built))
    if (!(file in current)) return { build: true, reason: `${file} was removed since the last build` };
  return { build: false, reason: 'the build is up to date' };
}

function readStamp(root) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, STAMP), 'utf8')).files;
  } catch {
    return undefined;
  }
}

function check(root) {
  return decide({
    missing: expectedOutputs(root).filter((f) => !fs.existsSync(path.join(root, f))),
    built: readStamp(root),
    current: sourceFiles(root),
  });
}

/**
 * Runs every package's build (`pnpm -r run build`) and, when it succeeds, records the sources as
 * they were when it started: a file edited during the build makes the next start build again.
 * pnpm is the one running this script when there is one (npm_execpath), else pnpm on the PATH.
 */
function runBuild(root, stdio = 'inherit') {
  const files = sourceFiles(root);
  fs.rmSync(path.join(root, STAMP), { force: true });
  const args = ['-r', '--workspace-concurrency=2', 'run', 'build'];
  const running = process.env.npm_execpath;
  const pnpm = running && /pnpm/.test(path.basename(running)) ? running : undefined;
  const [command, before] = !pnpm ? ['pnpm', []] : /\.[cm]?js$/.test(pnpm) ? [process.execPath, [pnpm]] : [pnpm, []];
  const result = spawnSync(command, [...before, ...args], {
    cwd: root,
    stdio,
    shell: !pnpm && process.platform === 'win32',
  });
  if (result.error) throw result.error;
  if (result.status !== 0) return result.status ?? 1;
  fs.mkdirSync(path.dirname(path.join(root, STAMP)), { recursive: true });
  fs.writeFileSync(path.join(root, STAMP), JSON.stringify({ builtAt: new Date().toISOString(), files }));
  return 0;
}

module.exports = { STAMP, sourceFiles, expectedOutputs, decide, check, runBuild };
