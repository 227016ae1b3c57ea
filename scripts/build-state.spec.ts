import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decide, sourceFiles } from './build-state.cjs';

const ROOT = path.resolve(__dirname, '..');

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

describe('whether pnpm start builds first', () => {
  const current = { 'package.json': 'a', 'apps/hub/src/main.ts': 'b' };

  it('does not build when every output is there and the sources are those of the recorded build', () => {
    expect(decide({ missing: [], built: { ...current }, current })).toEqual({
      build: false,
      reason: 'the build is up to date',
    });
  });

  it.each([
    [
      'an output is missing',
      { missing: ['apps/web/.next/BUILD_ID'], built: current },
      'apps/web/.next/BUILD_ID is missing',
    ],
    [
      'no build is on record (a fresh clone, or a build that failed)',
      { missing: [], built: undefined },
      'no build on record',
    ],
    [
      'a source changed',
      { missing: [], built: { ...current, 'apps/hub/src/main.ts': 'old' } },
      'apps/hub/src/main.ts changed since the last build',
    ],
    [
      'a source is new',
      { missing: [], built: { 'package.json': 'a' } },
      'apps/hub/src/main.ts is new since the last build',
    ],
    [
      'a source was removed',
      { missing: [], built: { ...current, 'libs/db/src/gone.ts': 'c' } },
      'libs/db/src/gone.ts was removed since the last build',
    ],
  ])('builds when %s, and says so', (_case, facts, reason) => {
    expect(decide({ ...facts, current })).toEqual({ build: true, reason });
  });
});

describe('the sources a build is recorded against', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'build-state-'));
    write(root, 'package.json', '{}');
    write(root, 'apps/web/package.json', '{"scripts":{"build":"next build"}}');
    write(root, 'libs/db/package.json', '{}');
    for (const rel of ['apps/web/src/page.tsx', 'libs/db/src/index.ts', 'libs/db/migrations/0000.sql'])
      write(root, rel, rel);
    // What builds write, what they never read, and what is not a package.
    for (const rel of [
      'apps/web/.next/BUILD_ID',
      'apps/web/next-env.d.ts',
      'libs/db/dist/index.js',
      'libs/db/node_modules/x/index.js',
      'libs/db/test/a.e2e.spec.ts',
      'libs/db/src/index.spec.ts',
      'docs/README.md',
    ]) {
      write(root, rel, rel);
    }
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('are the root manifests and every file of every package but outputs, dependencies and tests', () => {
    expect(Object.keys(sourceFiles(root)).sort()).toEqual([
      'apps/web/package.json',
      'apps/web/src/page.tsx',
      'libs/db/migrations/0000.sql',
      'libs/db/package.json',
      'libs/db/src/index.ts',
      'package.json',
    ]);
  });

  it("change with a file's content, not with its modification time", () => {
    const before = sourceFiles(root);
    const file = path.join(root, 'libs/db/src/index.ts');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 60_000));
    expect(sourceFiles(root)).toEqual(before);
    fs.writeFileSync(file, 'changed');
    expect(decide({ missing: [], built: before, current: sourceFiles(root) })).toEqual({
      build: true,
      reason: 'libs/db/src/index.ts changed since the last build',
    });
  });
});

/**
 * The real start script in a small workspace of its own, with a stand-in for pnpm (found as
 * npm_execpath, as when pnpm runs the script) whose "build" writes the Hub's entry point.
 */
describe('scripts/start.cjs', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'start-script-'));
    fs.mkdirSync(path.join(root, 'scripts'));
    for (const script of ['start.cjs', 'build-state.cjs'])
      fs.copyFileSync(path.join(ROOT, 'scripts', script), path.join(root, 'scripts', script));
    write(root, 'package.json', '{"private":true}');
    write(
      root,
      'apps/hub/package.json',
      '{"name":"@mcp-hub/hub","main":"dist/index.js","scripts":{"build":"swc src -d dist"}}',
    );
    write(root, 'apps/hub/src/main.ts', 'v1');
    write(
      root,
      'fake-pnpm.cjs',
      `const fs = require('node:fs');
fs.appendFileSync('builds.log', process.argv.slice(2).join(' ') + '\\n');
if (process.env.FAIL_BUILD) process.exit(3);
fs.mkdirSync('apps/hub/dist', { recursive: true });
fs.writeFileSync('apps/hub/dist/index.js', '');
fs.writeFileSync('apps/hub/dist/main.js', 'console.log("hub started " + ' + JSON.stringify(fs.readFileSync('apps/hub/src/main.ts', 'utf8')) + ')');
`,
    );
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const start = (env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'start.cjs')], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', npm_execpath: path.join(root, 'fake-pnpm.cjs'), ...env },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const builds = () =>
    fs.existsSync(path.join(root, 'builds.log'))
      ? fs.readFileSync(path.join(root, 'builds.log'), 'utf8').trim().split('\n')
      : [];

  it('builds on the first start, starts without building after that, and builds again once a source changes', () => {
    expect(start()).toMatchObject({
      code: 0,
      stdout: 'hub started v1\n',
      stderr: expect.stringMatching(/building the workspace \(apps\/hub\/dist\/main\.js is missing\)/),
    });
    expect(builds()).toEqual(['-r --workspace-concurrency=2 run build']);

    expect(start()).toMatchObject({
      code: 0,
      stdout: 'hub started v1\n',
      stderr: expect.stringMatching(/the build is up to date/),
    });
    expect(builds()).toHaveLength(1);

    write(root, 'apps/hub/src/main.ts', 'v2');
    expect(start()).toMatchObject({
      code: 0,
      stdout: 'hub started v2\n',
      stderr: expect.stringMatching(/apps\/hub\/src\/main\.ts changed since the last build/),
    });
    expect(builds()).toHaveLength(2);

    fs.rmSync(path.join(root, 'apps/hub/dist/main.js'));
    expect(start()).toMatchObject({ code: 0, stdout: 'hub started v2\n' });
    expect(builds()).toHaveLength(3);
  });

  it('does not start after a failed build, and builds again on the next start', () => {
    expect(start()).toMatchObject({ code: 0 });
    write(root, 'apps/hub/src/main.ts', 'broken');
    expect(start({ FAIL_BUILD: '1' })).toMatchObject({
      code: 3,
      stdout: '',
      stderr: expect.stringMatching(/the build failed \(exit 3\); not starting/),
    });
    // The old build's outputs are still there; the record of it is not, so nothing is taken as up to date.
    expect(start()).toMatchObject({
      code: 0,
      stdout: 'hub started broken\n',
      stderr: expect.stringMatching(/no build on record/),
    });
    expect(builds()).toHaveLength(3);
  });
});

describe("the web site's build", () => {
  it('runs next with its telemetry off, in the shell pnpm runs scripts with', () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-next-'));
    try {
      write(bin, 'next', '#!/bin/sh\necho "telemetry-disabled=$NEXT_TELEMETRY_DISABLED args=$*"\n');
      fs.chmodSync(path.join(bin, 'next'), 0o755);
      const script = JSON.parse(fs.readFileSync(path.join(ROOT, 'apps/web/package.json'), 'utf8')).scripts.build;
      const out = execFileSync('sh', ['-c', script], {
        encoding: 'utf8',
        env: { PATH: `${bin}:${process.env.PATH ?? ''}` },
      });
      expect(out.trim()).toBe('telemetry-disabled=1 args=build');
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});
