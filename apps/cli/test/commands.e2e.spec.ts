import fs from 'node:fs';
import path from 'node:path';
import { startFakeUpstream, loadFixture } from '../../../test/fake-upstream.cjs';
import { FIXTURE_FILE, type TestHub, createTestHub, freePort, searchIndexed } from '../../../test/harness';
import { EVERYTHING_OLD_VERSION, EVERYTHING_VERSION, type Sandbox, everythingServer, everythingWithKey, publish, sandbox } from './cli-harness';

/**
 * mcpm's read, publish and health commands against a real Hub (embedded default, seeded from the
 * official-registry fixture), and its fallback against a plain official-API registry.
 */
const FIXTURE_SERVERS = 456;
const EVERYTHING = 'io.github.modelcontextprotocol/server-everything';
const SECRET_SERVER = 'io.github.mcphub-e2e/everything-with-key';

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
    const offline = await box.mcpm(['info', EVERYTHING, '--offline', '--registry', `http://127.0.0.1:${await freePort()}`]);
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
    const again = await hub.request('GET', `/v0.1/servers/${encodeURIComponent(EVERYTHING)}/versions`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('gives one-line errors with a hint and a non-zero exit for bad input, writing nothing', async () => {
    const cases: [string[], RegExp, number][] = [
      [['install', 'io.github.nobody/not-a-server', '--host', 'cursor', '-g'], /No server named io\.github\.nobody\/not-a-server/, 3],
      [['install', `${EVERYTHING}@9.9.9`, '--host', 'cursor', '-g'], /has no version 9\.9\.9|No active version/, 3],
      [['install', EVERYTHING, '--host', 'notepad', '-g'], /Unknown host "notepad"/, 2],
      [['install', 'not a name'], /is not a server name/, 2],
      [['install', EVERYTHING, '--host', 'cursor', '-g', '--registry', 'http://127.0.0.1:9'], /Cannot reach the registry/, 6],
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

  it('leaves alone a host entry that only shares the name of a server it did not install', async () => {
    const cursor = path.join(box.home, '.cursor', 'mcp.json');
    fs.mkdirSync(path.dirname(cursor), { recursive: true });
    fs.writeFileSync(cursor, '{"mcpServers": {"server-everything": {"command": "node", "args": ["/opt/my-fork.js"]}}}\n');
    const before = box.snapshot();
    const res = await box.mcpm(['uninstall', EVERYTHING, '-g']);
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/is not installed globally/);
    expect(box.snapshot()).toEqual(before);
    const install = await box.mcpm(['install', EVERYTHING, '--host', 'cursor', '-g']);
    expect(install.code).toBe(4);
    expect(install.stderr).toMatch(/already has a server called "server-everything".*hint: Pick another entry name with --as/s);
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
    const token = (await hub.request('POST', '/api/v1/tokens', { token: hub.adminToken, body: { namespace: 'io.github.e2e-publisher/*', scopes: ['publish'] } })).body.token as string;
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
    for (const [file, bytes] of box.snapshot()) expect({ file, has: bytes.includes(token) }).toEqual({ file, has: false });

    const init = await box.mcpm(['init', '--yes', '--name', 'io.github.e2e-publisher/weather', '--description', 'Weather forecasts', '--version', '1.0.0', '--npm', '@e2e/weather']);
    expect(init.code).toBe(0);
    const file = path.join(box.cwd, 'server.json');
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(doc).toMatchObject({ name: 'io.github.e2e-publisher/weather', version: '1.0.0', packages: [{ registryType: 'npm', identifier: '@e2e/weather' }] });
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
    expect((await hub.request('GET', '/v0.1/servers/io.github.e2e-publisher%2Fweather/versions/1.0.0')).status).toBe(200);
    const again = await box.mcpm(['publish']);
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/already published/);

    const outside = await box.mcpm(['deprecate', `${EVERYTHING}@${EVERYTHING_VERSION}`, 'nope']);
    expect(outside.code).toBe(7);
    const deprecated = await box.mcpm(['deprecate', 'io.github.e2e-publisher/weather@1.0.0', 'use 2.x']);
    expect(deprecated.code).toBe(0);
    const status = (await hub.request('GET', '/v0.1/servers/io.github.e2e-publisher%2Fweather/versions/1.0.0')).body._meta['io.modelcontextprotocol.registry/official'];
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
    expect(list.settings.find((s: { key: string }) => s.key === 'registry')).toMatchObject({ value: hub.url, source: 'env' });
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
      expect(upstream.requests.some((r: { path: string; query: Record<string, string> }) => r.path === '/v0.1/servers' && r.query.search === 'github')).toBe(true);
    } finally {
      box.cleanup();
      await upstream.close();
    }
  });
});
