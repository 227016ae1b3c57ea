import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { FIXTURE_FILE, type TestHub, createTestHub } from '../../../test/harness';
import { HOSTS } from '../src/hosts';
import { type Sandbox, sandbox } from './cli-harness';

/**
 * What mcpm info and mcpm install make of real entries of the official registry snapshot whose
 * arguments trip naive launch rules: github-mcp-server's runtimeArguments spell out
 * `run -i --rm -e NAME image`, and bytedance's filesystem server has a named argument without
 * dashes and the package version "latest", pinned here through a local npm registry.
 */
const GITHUB = 'io.github.github/github-mcp-server';
const FILESYSTEM = 'io.github.bytedance/mcp-server-filesystem';
const COMMANDS = 'io.github.bytedance/mcp-server-commands';
const FS_PKG = '@agent-infra/mcp-server-filesystem';
const FS_LATEST = '1.4.2';
const FS_INTEGRITY = 'sha512-bG9ja2VkLWJ5LXRoZS1sYXVuY2gtdGVzdA==';
const GITHUB_ARGS = [
  'run',
  '-i',
  '--rm',
  '-e',
  'GITHUB_PERSONAL_ACCESS_TOKEN',
  'ghcr.io/github/github-mcp-server:0.17.0',
];

/** An npm registry with one package: its abbreviated packument and its version document. */
async function startNpmRegistry(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    const json = (body: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const name = FS_PKG.replace('/', '%2F');
    if (req.url === `/${name}`)
      json({ name: FS_PKG, 'dist-tags': { latest: FS_LATEST }, versions: { '1.0.0': {}, [FS_LATEST]: {} } });
    else if (req.url === `/${name}/${FS_LATEST}`)
      json({ name: FS_PKG, version: FS_LATEST, dist: { integrity: FS_INTEGRITY } });
    else res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

function cursorLaunch(box: Sandbox, key: string) {
  const file = path.join(box.home, '.cursor', 'mcp.json');
  const found = HOSTS.cursor
    .entries(fs.readFileSync(file, 'utf8'), { platform: 'linux', home: '/', cwd: '/', exists: () => false })
    .find((e) => e.key === key);
  if (!found?.launch || found.launch.kind !== 'stdio') throw new Error(`no stdio entry ${key} in ${file}`);
  return found.launch;
}

const globalLock = (box: Sandbox) =>
  JSON.parse(fs.readFileSync(path.join(box.home, '.mcpm', 'global-lock.json'), 'utf8'));

describe('mcpm launches snapshot servers as their server.json describes', () => {
  let hub: TestHub;
  let npm: Awaited<ReturnType<typeof startNpmRegistry>>;
  let box: Sandbox;

  beforeAll(async () => {
    hub = await createTestHub({ env: { HUB_SEED_FILE: FIXTURE_FILE } });
    npm = await startNpmRegistry();
  }, 120_000);
  afterAll(async () => {
    await npm?.close();
    await hub?.close();
  });
  beforeEach(() => {
    box = sandbox(hub.url);
    fs.writeFileSync(path.join(box.home, '.mcpmrc'), `npm-registry = ${npm.url}\n`);
    fs.mkdirSync(path.join(box.home, '.cursor'));
  });
  afterEach(() => box.cleanup());

  it('github-mcp-server: info and install write docker run -i --rm -e once and the image once', async () => {
    // An image-only server is installable where a docker command exists (mcpm never runs it here):
    // put one on PATH so the test does not depend on this machine having Docker.
    const bin = fs.mkdtempSync(path.join(box.home, 'bin-'));
    fs.writeFileSync(path.join(bin, 'docker'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const withDocker = { env: { PATH: `${bin}${path.delimiter}${box.env.PATH ?? process.env.PATH ?? ''}` } };
    const info = await box.mcpm(['info', GITHUB, '--json'], withDocker);
    expect(info.code).toBe(0);
    const body = JSON.parse(info.stdout);
    expect(body.version).toBe('0.17.0');
    expect(body.install.hostEntry.mcpServers['github-mcp-server']).toEqual({
      command: 'docker',
      args: GITHUB_ARGS,
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: '<GITHUB_PERSONAL_ACCESS_TOKEN>' },
    });

    // --offline: answers come from the cache info filled, and no image registry is asked for a digest.
    const install = await box.mcpm(
      ['install', GITHUB, '--host', 'cursor', '-g', '--offline', '--env', 'GITHUB_PERSONAL_ACCESS_TOKEN=ghp_e2e'],
      withDocker,
    );
    expect(install.stderr).toBe('');
    expect(install.code).toBe(0);
    const launch = cursorLaunch(box, 'github-mcp-server');
    expect(launch.args.slice(launch.args.indexOf('--') + 1)).toEqual(['docker', ...GITHUB_ARGS]);
    expect(globalLock(box).servers[GITHUB].launch).toEqual({
      kind: 'stdio',
      command: 'docker',
      args: GITHUB_ARGS,
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: `vault://${GITHUB}/GITHUB_PERSONAL_ACCESS_TOKEN` },
    });
  });

  it('bytedance filesystem: --allowed-directories=<dir> as one word, "latest" pinned to the exact npm version and locked', async () => {
    const info = await box.mcpm(['info', FILESYSTEM, '--json']);
    expect(info.code).toBe(0);
    const body = JSON.parse(info.stdout);
    expect(body.inputs).toEqual([expect.objectContaining({ id: 'allowed-directories', isRequired: true })]);
    expect(body.install.hostEntry.mcpServers['mcp-server-filesystem']).toEqual({
      command: 'npx',
      args: ['-y', `${FS_PKG}@${FS_LATEST}`, '--allowed-directories=<allowed-directories>'],
    });
    expect(body.warnings).toEqual([
      expect.stringContaining(`names "latest", not one release; shown pinned to what it names today (${FS_LATEST})`),
    ]);

    const dir = path.join(box.cwd, 'data');
    const install = await box.mcpm([
      'install',
      FILESYSTEM,
      '--host',
      'cursor',
      '-g',
      '--direct',
      '--env',
      `allowed-directories=${dir}`,
    ]);
    expect(install.stderr).toBe('');
    expect(install.code).toBe(0);
    const args = ['-y', `${FS_PKG}@${FS_LATEST}`, `--allowed-directories=${dir}`];
    expect(cursorLaunch(box, 'mcp-server-filesystem')).toEqual({ kind: 'stdio', command: 'npx', args, env: {} });
    const locked = globalLock(box).servers[FILESYSTEM];
    expect(locked.package).toEqual({
      registryType: 'npm',
      identifier: FS_PKG,
      version: FS_LATEST,
      registryBaseUrl: 'https://registry.npmjs.org',
      integrity: FS_INTEGRITY,
    });
    expect(locked.launch).toEqual({ kind: 'stdio', command: 'npx', args, env: {} });
    expect(JSON.stringify(locked)).not.toContain('@latest');
    expect(npm.seen).toEqual([
      `/${FS_PKG.replace('/', '%2F')}`,
      `/${FS_PKG.replace('/', '%2F')}`,
      `/${FS_PKG.replace('/', '%2F')}/${FS_LATEST}`,
    ]);
  });

  it('refuses a "latest" it cannot pin, offline or unknown to the npm registry, writing nothing', async () => {
    expect((await box.mcpm(['info', FILESYSTEM])).code).toBe(0);
    const before = box.snapshot();
    const offline = await box.mcpm([
      'install',
      FILESYSTEM,
      '--host',
      'cursor',
      '-g',
      '--offline',
      '--env',
      'allowed-directories=/srv',
    ]);
    expect(offline.code).toBe(6);
    const [message, hint] = offline.stderr.trim().split('\n');
    expect(message).toBe(
      `mcpm: ${FILESYSTEM}@1.0.0's npm package ${FS_PKG} names version "latest", not one release; mcpm looks up the exact one when installing, which --offline rules out.`,
    );
    expect(hint).toMatch(
      /^hint: Run without --offline\. Install a version of io\.github\.bytedance\/mcp-server-filesystem whose package names an exact version/,
    );

    const unknown = await box.mcpm(['install', COMMANDS, '--host', 'cursor', '-g', '--env', 'cwd=/srv']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr.split('\n')[0]).toBe(
      `mcpm: ${npm.url} has no package @agent-infra/mcp-server-commands, which ${COMMANDS}@1.0.0 names.`,
    );
    expect(box.snapshot()).toEqual(before);
  });
});
