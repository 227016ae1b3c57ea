import fs from 'node:fs';
import path from 'node:path';
import { startFakeUpstream, loadFixture } from '../../../test/fake-upstream.cjs';
import { FIXTURE_FILE, type TestHub, createTestHub, freePort, searchIndexed } from '../../../test/harness';
import {
  EVERYTHING_OLD_VERSION,
  EVERYTHING_VERSION,
  MCPM,
  type Sandbox,
  everythingServer,
  everythingWithKey,
  publish,
  sandbox,
} from './cli-harness';

/**
 * mcpm's read, publish and health commands against a real Hub (embedded default, seeded from the
 * official-registry fixture), and its fallback against a plain official-API registry.
 */
const FIXTURE_SERVERS = 456;
const EVERYTHING = 'io.github.modelcontextprotocol/server-everything';
const SECRET_SERVER = 'io.github.mcphub-e2e/everything-with-key';
/** Fixture servers: no package and no remote; an OCI image only; an OCI image and a remote. */
const KUBERNETES = 'io.github.containers/kubernetes-mcp-server';
const DRUID = 'com.iunera/druid-mcp-server';
const TEAMWORK = 'com.teamwork/mcp';
/** What a terminal shows once the spinner line is erased for the last time. */
const afterSpinner = (screen: string) =>
  screen.includes('\x1b[K') ? screen.slice(screen.lastIndexOf('\x1b[K') + 3) : screen;

describe('mcpm against a Hub', () => {
  let hub: TestHub;
  let box: Sandbox;

  beforeAll(async () => {
    hub = await createTestHub({ env: { HUB_SEED_FILE: FIXTURE_FILE } });
    await publish(hub, everythingServer(EVERYTHING, EVERYTHING_OLD_VERSION));
    await publish(hub, everythingServer(EVERYTHING, EVERYTHING_VERSION));
    await publish(hub, everythingWithKey(SECRET_SERVER));
    await searchIndexed(hub, FIXTURE_SERVERS + 2);
  }, 120_000);
  afterAll(() => hub?.close());
  beforeEach(() => {
    box = sandbox(hub.url);
  });
  afterEach(() => box.cleanup());

  it('prints its version fast path and help', async () => {
    const v = await box.mcpm(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await box.mcpm(['--help']);
    expect(help.stdout).toContain('install');
    expect(help.stdout).toContain('publish');
    const installHelp = await box.mcpm(['install', '--help']);
    expect(installHelp.stdout).toContain('--host');
  });

  it('searches the Hub in words and answers --json', async () => {
    const text = await box.mcpm(['search', 'send', 'and', 'read', 'email']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/NAME\s+VERSION/);
    expect(text.stdout).toMatch(/mail/i);
    const json = await box.mcpm(['search', 'exercises all the features', '--json', '--limit', '5']);
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.source).toBe('hub-search');
    expect(body.results.length).toBeLessThanOrEqual(5);
    expect(body.results.map((r: { name: string }) => r.name)).toContain(EVERYTHING);
  });

  it('shows a server: versions, packages, inputs with secrets marked, and a pinned install snippet', async () => {
    const res = await box.mcpm(['info', SECRET_SERVER, '--json']);
    expect(res.code).toBe(0);
    const info = JSON.parse(res.stdout);
    expect(info.version).toBe(EVERYTHING_VERSION);
    expect(info.inputs).toEqual([
      expect.objectContaining({ id: 'EVERYTHING_API_KEY', isSecret: true, isRequired: true }),
      expect.objectContaining({ id: 'EVERYTHING_REGION', isSecret: false, default: 'eu' }),
    ]);
    const entry = info.install.hostEntry.mcpServers['everything-with-key'];
    expect(entry.args).toContain(`@modelcontextprotocol/server-everything@${EVERYTHING_VERSION}`);
    expect(JSON.stringify(entry)).not.toContain('@latest');
    const text = await box.mcpm(['info', `${EVERYTHING}@${EVERYTHING_OLD_VERSION}`]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${EVERYTHING}@${EVERYTHING_OLD_VERSION}`);
    expect(text.stdout).toContain(`mcpm install ${EVERYTHING}@${EVERYTHING_OLD_VERSION}`);
  });

  it('serves cached answers --offline, and says so when something is not cached', async () => {
    expect((await box.mcpm(['info', EVERYTHING])).code).toBe(0);
    const offline = await box.mcpm([
      'info',
      EVERYTHING,
      '--offline',
      '--registry',
      `http://127.0.0.1:${await freePort()}`,
    ]);
    // A different registry URL is a different cache; the same one answers offline.
    expect(offline.code).not.toBe(0);
    expect(offline.stderr).toMatch(/not in the cache/);
    const cached = await box.mcpm(['info', EVERYTHING, '--offline', '--json']);
    expect(cached.code).toBe(0);
    expect(JSON.parse(cached.stdout).name).toBe(EVERYTHING);
  });

  it('revalidates cached responses with ETags (the Hub answers 304)', async () => {
    const first = await hub.request('GET', `/v0.1/servers/${encodeURIComponent(EVERYTHING)}/versions`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await hub.request('GET', `/v0.1/servers/${encodeURIComponent(EVERYTHING)}/versions`, {
      headers: { 'if-none-match': etag! },
    });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('gives one-line errors with a hint and a non-zero exit for bad input, writing nothing', async () => {
    const cases: [string[], RegExp, number][] = [
      [
        ['install', 'io.github.nobody/not-a-server', '--host', 'cursor', '-g'],
        /No server named io\.github\.nobody\/not-a-server/,
        3,
      ],
      [['install', `${EVERYTHING}@9.9.9`, '--host', 'cursor', '-g'], /has no version 9\.9\.9|No active version/, 3],
      [['install', EVERYTHING, '--host', 'notepad', '-g'], /Unknown host "notepad"/, 2],
      [['install', 'not a name'], /is not a server name/, 2],
      [
        ['install', EVERYTHING, '--host', 'cursor', '-g', '--registry', 'http://127.0.0.1:9'],
        /Cannot reach the registry/,
        6,
      ],
      [['info', EVERYTHING, '--registry', 'ftp://example.com'], /must be an http\(s\) URL/, 2],
      [['frobnicate'], /Unknown command "frobnicate"/, 2],
      [['install', EVERYTHING, '--hots', 'cursor'], /Unknown option --hots/, 2],
    ];
    for (const [args, message, code] of cases) {
      const before = box.snapshot();
      const res = await box.mcpm(args);
      expect({ args, code: res.code }).toEqual({ args, code });
      const lines = res.stderr.trim().split('\n');
      expect(lines[0]).toMatch(message);
      expect(lines[0]).toMatch(/^mcpm: /);
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^hint: /);
      expect(res.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(box.snapshot()).toEqual(before);
    }
  });

  it('a server with nothing mcpm can install (the top "kubernetes" result): info and install say why once, with its repository, and write nothing', async () => {
    const info = await box.mcpm(['info', KUBERNETES]);
    expect(info.code).toBe(0);
    const why = `${KUBERNETES}@${JSON.parse((await box.mcpm(['info', KUBERNETES, '--json'])).stdout).version} cannot be installed by mcpm: it lists no package and no remote, so there is nothing to install.`;
    const link = 'How to run it, from its publisher: https://github.com/containers/kubernetes-mcp-server';
    expect(info.stdout).toContain(`install\n  ${why}\n  ${link}`);
    expect(info.stdout.split(why)).toHaveLength(2);
    const json = JSON.parse((await box.mcpm(['info', KUBERNETES, '--json'])).stdout);
    expect(json.install).toEqual({ status: 'none', message: why, hint: link });
    const before = box.snapshot();
    const install = await box.mcpm(['install', KUBERNETES, '--host', 'cursor', '-g']);
    expect({ code: install.code, stderr: install.stderr }).toEqual({
      code: 3,
      stderr: `mcpm: ${why}\nhint: ${link}\n`,
    });
    expect(box.snapshot()).toEqual(before);
    // Neither one sends the user elsewhere to be sent back.
    expect(info.stdout + install.stderr).not.toMatch(/server page|see mcpm info/i);
  });

  it('an OCI-only server without Docker: says exactly that with the docker command; with a remote as well, installs the remote', async () => {
    const noDocker = { PATH: box.home };
    const info = await box.mcpm(['info', DRUID], { env: noDocker });
    expect(info.code).toBe(0);
    expect(info.stdout).toMatch(
      /runs only as a Docker image \(iunera\/druid-mcp-server:[\d.]+\), and docker is not on PATH here\./,
    );
    expect(info.stdout).toMatch(
      /start it yourself: DRUID_ROUTER_URL=<DRUID_ROUTER_URL> .*docker run -i --rm -e DRUID_ROUTER_URL .*iunera\/druid-mcp-server:[\d.]+$/m,
    );
    expect(JSON.parse((await box.mcpm(['info', DRUID, '--json'], { env: noDocker })).stdout).install.status).toBe(
      'needs-docker',
    );
    const before = box.snapshot();
    const install = await box.mcpm(['install', DRUID, '--host', 'cursor', '-g'], { env: noDocker });
    expect(install.code).toBe(3);
    const [message, hint, ...more] = install.stderr.trim().split('\n');
    expect(message).toMatch(/^mcpm: com\.iunera\/druid-mcp-server@[\d.]+ runs only as a Docker image/);
    expect(hint).toMatch(
      /^hint: Install Docker \(https:\/\/docs\.docker\.com\/get-docker\/\) and run this again, or start it yourself: .*docker run -i --rm /,
    );
    expect(more).toEqual([]);
    expect(box.snapshot()).toEqual(before);

    const both = JSON.parse((await box.mcpm(['info', TEAMWORK, '--json'], { env: noDocker })).stdout);
    expect(both.packages.map((p: { registryType: string }) => p.registryType)).toContain('oci');
    expect(both.installs).toMatch(/^remote streamable-http https:/);
    expect(both.install.status).toBe('installable');
  });

  it('suggests the host or command meant: --host curser, mcpm isntall', async () => {
    const before = box.snapshot();
    const host = await box.mcpm(['install', EVERYTHING, '--host', 'curser', '-g']);
    expect(host.code).toBe(2);
    expect(host.stderr).toBe(
      'mcpm: Unknown host "curser".\nhint: Did you mean cursor? Hosts: claude-desktop, claude-code, cursor, vscode, windsurf, codex, gemini, zed, cline, opencode, goose, continue.\n',
    );
    expect((await box.mcpm(['config', 'set', 'default-host', 'vscdoe'])).stderr).toMatch(
      /^hint: Did you mean vscode\? Hosts: /m,
    );
    expect((await box.mcpm(['test', EVERYTHING, '--host', 'windsrf'])).stderr).toMatch(
      /^hint: Did you mean windsurf\? Hosts: /m,
    );
    fs.writeFileSync(path.join(box.home, '.mcpmrc'), 'default-host = curosr\n');
    expect((await box.mcpm(['list'])).stderr).toMatch(/^hint: Did you mean cursor\? Use one of: /m);
    fs.rmSync(path.join(box.home, '.mcpmrc'));
    const command = await box.mcpm(['isntall', EVERYTHING]);
    expect(command.code).toBe(2);
    expect(command.stderr).toBe(
      'mcpm: Unknown command "isntall".\nhint: Did you mean "mcpm install"? See mcpm --help.\n',
    );
    expect(box.snapshot()).toEqual(before);
  });

  it('fits tables to the terminal, cutting the widest column; piped output and --json are never cut', async () => {
    const words = ['search', 'send', 'and', 'read', 'email'];
    const piped = await box.mcpm(words);
    expect(Math.max(...piped.stdout.split('\n').map((l) => l.length))).toBeGreaterThan(60);
    const tty = await box.mcpmInTerminal(words, { columns: 60 });
    expect(tty.code).toBe(0);
    const lines = afterSpinner(tty.stdout).split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^NAME\s+VERSION\s+RUNS VIA\s+DESCRIPT/);
    expect(lines.length).toBe(piped.stdout.trim().split('\n').length);
    for (const line of lines) expect({ line, fits: line.length <= 60 }).toEqual({ line, fits: true });
    expect(lines.some((l) => l.endsWith('…'))).toBe(true);
    // The same rows, in the same order: cut, not wrapped or dropped.
    const pipedLines = piped.stdout.trim().split('\n');
    lines.forEach((l, i) => expect(pipedLines[i]!.startsWith(l.split(/\s+/)[0]!.replace(/…$/, ''))).toBe(true));

    const json = await box.mcpmInTerminal([...words, '--json'], { columns: 60 });
    expect(JSON.parse(afterSpinner(json.stdout)).results).toEqual(
      JSON.parse((await box.mcpm([...words, '--json'])).stdout).results,
    );
  });

  it('shows a spinner on stderr while it waits, only on a terminal outside CI, cleared before the answer', async () => {
    const tty = await box.mcpmInTerminal(['info', EVERYTHING], { columns: 100 });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(new RegExp(`^\\r\\x1b\\[K. Looking up ${EVERYTHING.replace(/[./]/g, '\\$&')}`));
    expect(afterSpinner(tty.stdout)).toMatch(new RegExp(`^${EVERYTHING.replace(/[./]/g, '\\$&')}@`));
    const inCi = await box.mcpmInTerminal(['info', EVERYTHING], { columns: 100, env: { CI: 'true' } });
    expect(inCi.stdout).not.toContain('\x1b[K');
    const piped = await box.mcpm(['info', EVERYTHING], { env: { CI: '' } });
    expect({ code: piped.code, stderr: piped.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('doctor names the node and mcpm host entries run, flags ones that are gone or bare, and --fix repoints them', async () => {
    const cursor = path.join(box.home, '.cursor', 'mcp.json');
    fs.mkdirSync(path.dirname(cursor), { recursive: true });
    const call = [
      'run',
      `${EVERYTHING}@${EVERYTHING_VERSION}`,
      '--',
      'npx',
      '-y',
      `@modelcontextprotocol/server-everything@${EVERYTHING_VERSION}`,
    ];
    const servers = {
      stale: {
        command: path.join(box.home, 'nvm', 'v18.0.0', 'bin', 'node'),
        args: ['/gone/lib/node_modules/@mcp-hub/cli/dist/mcpm.js', ...call],
      },
      bare: { command: 'mcpm', args: call },
      mine: { command: 'node', args: ['/opt/mine.js', 'run', 'fast'] },
    };
    fs.writeFileSync(cursor, JSON.stringify({ mcpServers: servers }, null, 2));
    const report = await box.mcpm(['doctor', '--json']);
    expect(report.code).toBe(1);
    const checks = JSON.parse(report.stdout).checks as {
      area: string;
      ok: boolean;
      optional?: boolean;
      detail: string;
    }[];
    const self = `${process.execPath} ${fs.realpathSync(MCPM)}`;
    expect(checks).toContainEqual(
      expect.objectContaining({ area: 'entries', ok: true, detail: `entries mcpm writes run ${self}` }),
    );
    const entries = checks.filter((c) => c.area === 'entry');
    expect(entries).toEqual([
      expect.objectContaining({
        ok: false,
        detail: `${cursor}: "stale" its node ${servers.stale.command} no longer exists (was node upgraded or moved?). Fix: mcpm doctor --fix`,
      }),
      expect.objectContaining({
        ok: false,
        optional: true,
        detail: expect.stringMatching(/"bare" calls mcpm by bare name, .*Fix: mcpm doctor --fix$/),
      }),
    ]);

    const fixed = await box.mcpm(['doctor', '--fix']);
    expect(fixed.code).toBe(0);
    const after = JSON.parse(fs.readFileSync(cursor, 'utf8')).mcpServers;
    expect(after.stale).toEqual({ command: process.execPath, args: [fs.realpathSync(MCPM), ...call] });
    expect(after.bare).toEqual({ command: process.execPath, args: [fs.realpathSync(MCPM), ...call] });
    expect(after.mine).toEqual(servers.mine);
    expect(JSON.parse(fs.readFileSync(`${cursor}.mcpm-backup`, 'utf8')).mcpServers).toEqual(servers);
    const again = JSON.parse((await box.mcpm(['doctor', '--json'])).stdout).checks.filter(
      (c: { area: string }) => c.area === 'entry',
    );
    expect(again).toEqual([
      expect.objectContaining({ ok: true, detail: `${cursor}: "stale" runs node ${self.replace(' ', ', mcpm ')}` }),
      expect.objectContaining({ ok: true, detail: `${cursor}: "bare" runs node ${self.replace(' ', ', mcpm ')}` }),
    ]);
  });

  it('leaves alone a host entry that only shares the name of a server it did not install', async () => {
    const cursor = path.join(box.home, '.cursor', 'mcp.json');
    fs.mkdirSync(path.dirname(cursor), { recursive: true });
    fs.writeFileSync(
      cursor,
      '{"mcpServers": {"server-everything": {"command": "node", "args": ["/opt/my-fork.js"]}}}\n',
    );
    const before = box.snapshot();
    const res = await box.mcpm(['uninstall', EVERYTHING, '-g']);
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/is not installed globally/);
    expect(box.snapshot()).toEqual(before);
    const install = await box.mcpm(['install', EVERYTHING, '--host', 'cursor', '-g']);
    expect(install.code).toBe(4);
    expect(install.stderr).toMatch(
      /already has a server called "server-everything".*hint: Pick another entry name with --as/s,
    );
    expect(box.snapshot()).toEqual(before);
  });

  it('refuses to touch a host file it cannot parse, and one it cannot read', async () => {
    const cursor = path.join(box.home, '.cursor', 'mcp.json');
    fs.mkdirSync(path.dirname(cursor), { recursive: true });
    fs.writeFileSync(cursor, '{"mcpServers": {"mine": {"command": "x"}},, }');
    const before = box.snapshot();
    const broken = await box.mcpm(['install', EVERYTHING, '--host', 'cursor', '-g']);
    expect(broken.code).toBe(8);
    expect(broken.stderr).toMatch(/mcp\.json \(Cursor\) cannot be parsed/);
    expect(broken.stderr).toMatch(/hint: /);
    expect(box.snapshot()).toEqual(before);

    fs.rmSync(cursor);
    fs.mkdirSync(cursor); // a directory where the file should be: unreadable as a file, even for root
    const unreadable = await box.mcpm(['install', EVERYTHING, '--host', 'cursor', '-g']);
    expect(unreadable.code).toBe(8);
    expect(unreadable.stderr.split('\n')[0]).toMatch(/^mcpm: Cannot read .*mcp\.json/);
  });

  it('publishes: init writes a valid server.json, publish validates locally first, then deprecate and unpublish', async () => {
    const token = (
      await hub.request('POST', '/api/v1/tokens', {
        token: hub.adminToken,
        body: { namespace: 'io.github.e2e-publisher/*', scopes: ['publish'] },
      })
    ).body.token as string;
    const notLoggedIn = await box.mcpm(['whoami']);
    expect(notLoggedIn.code).toBe(7);
    expect(notLoggedIn.stderr).toMatch(/Not logged in/);

    const badLogin = await box.mcpm(['login', '--token', 'mcphub_wrong']);
    expect(badLogin.code).toBe(7);
    const login = await box.mcpm(['login'], { input: token + '\n' });
    expect(login.code).toBe(0);
    expect(login.stdout).toContain('io.github.e2e-publisher/*');
    const whoami = await box.mcpm(['whoami', '--json']);
    expect(JSON.parse(whoami.stdout)).toMatchObject({ namespace: 'io.github.e2e-publisher/*', scopes: ['publish'] });
    // The token lives in the vault, never in plain text under HOME.
    for (const [file, bytes] of box.snapshot())
      expect({ file, has: bytes.includes(token) }).toEqual({ file, has: false });

    const init = await box.mcpm([
      'init',
      '--yes',
      '--name',
      'io.github.e2e-publisher/weather',
      '--description',
      'Weather forecasts',
      '--version',
      '1.0.0',
      '--npm',
      '@e2e/weather',
    ]);
    expect(init.code).toBe(0);
    const file = path.join(box.cwd, 'server.json');
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(doc).toMatchObject({
      name: 'io.github.e2e-publisher/weather',
      version: '1.0.0',
      packages: [{ registryType: 'npm', identifier: '@e2e/weather' }],
    });
    expect((await hub.request('POST', '/v0.1/validate', { body: doc })).body.valid).toBe(true);

    fs.writeFileSync(file, JSON.stringify({ ...doc, version: '^1.0', description: 7 }));
    const invalid = await box.mcpm(['publish']);
    expect(invalid.code).toBe(5);
    expect(invalid.stderr).toMatch(/does not match the server\.json schema/);
    expect(invalid.stderr).toMatch(/description/);
    expect((await hub.request('GET', '/v0.1/servers/io.github.e2e-publisher%2Fweather/versions')).status).toBe(404);

    fs.writeFileSync(file, JSON.stringify(doc));
    const published = await box.mcpm(['publish']);
    expect(published.code).toBe(0);
    expect((await hub.request('GET', '/v0.1/servers/io.github.e2e-publisher%2Fweather/versions/1.0.0')).status).toBe(
      200,
    );
    const again = await box.mcpm(['publish']);
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/already published/);

    const outside = await box.mcpm(['deprecate', `${EVERYTHING}@${EVERYTHING_VERSION}`, 'nope']);
    expect(outside.code).toBe(7);
    const deprecated = await box.mcpm(['deprecate', 'io.github.e2e-publisher/weather@1.0.0', 'use 2.x']);
    expect(deprecated.code).toBe(0);
    const status = (await hub.request('GET', '/v0.1/servers/io.github.e2e-publisher%2Fweather/versions/1.0.0')).body
      ._meta['io.modelcontextprotocol.registry/official'];
    expect(status).toMatchObject({ status: 'deprecated', statusMessage: 'use 2.x' });
    const unpublished = await box.mcpm(['unpublish', 'io.github.e2e-publisher/weather@1.0.0']);
    expect(unpublished.code).toBe(0);
    expect((await box.mcpm(['logout'])).code).toBe(0);
    expect((await box.mcpm(['whoami'])).code).toBe(7);
  });

  it('doctor checks runtimes, host files, the registry and the vault', async () => {
    const res = await box.mcpm(['doctor', '--json']);
    const report = JSON.parse(res.stdout);
    expect(res.code).toBe(0);
    const byArea = (area: string) => report.checks.filter((c: { area: string }) => c.area === area);
    expect(byArea('runtime').find((c: { name: string }) => c.name === 'npx').ok).toBe(true);
    expect(byArea('registry')[0]).toMatchObject({ ok: true, name: hub.url });
    expect(byArea('vault')[0].ok).toBe(true);
    const down = await box.mcpm(['doctor', '--json', '--registry', 'http://127.0.0.1:9']);
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stdout).checks.find((c: { area: string }) => c.area === 'registry').ok).toBe(false);
  });

  it('manages settings in ~/.mcpmrc, and cleans its cache', async () => {
    expect((await box.mcpm(['config', 'set', 'default-host', 'cursor'])).code).toBe(0);
    expect((await box.mcpm(['config', 'get', 'default-host'])).stdout.trim()).toBe('cursor');
    expect(fs.readFileSync(path.join(box.home, '.mcpmrc'), 'utf8')).toContain('default-host = cursor');
    expect((await box.mcpm(['config', 'set', 'default-host', 'notepad'])).code).toBe(2);
    const list = JSON.parse((await box.mcpm(['config', 'list', '--json'])).stdout);
    expect(list.settings.find((s: { key: string }) => s.key === 'registry')).toMatchObject({
      value: hub.url,
      source: 'env',
    });
    await box.mcpm(['search', 'email']);
    const cache = JSON.parse((await box.mcpm(['cache', 'ls', '--json'])).stdout);
    expect(cache.files).toBeGreaterThan(0);
    const cleaned = JSON.parse((await box.mcpm(['cache', 'clean', '--json'])).stdout);
    expect(cleaned.removedFiles).toBe(cache.files);
  });
});

describe('mcpm against a plain official-API registry', () => {
  it('falls back to /v0.1/servers?search= when the registry has no Hub search', async () => {
    const upstream = await startFakeUpstream({ entries: loadFixture() });
    const box = sandbox(upstream.url);
    try {
      const res = await box.mcpm(['search', 'github', '--json']);
      expect(res.code).toBe(0);
      const body = JSON.parse(res.stdout);
      expect(body.source).toBe('registry-list');
      expect(body.results.length).toBeGreaterThan(0);
      for (const r of body.results) expect(r.name.toLowerCase()).toContain('github');
      expect(
        upstream.requests.some(
          (r: { path: string; query: Record<string, string> }) =>
            r.path === '/v0.1/servers' && r.query.search === 'github',
        ),
      ).toBe(true);
    } finally {
      box.cleanup();
      await upstream.close();
    }
  });
});
