import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type TestHub, createTestHub } from '../../../test/harness';
import { HOSTS } from '../src/hosts';
import { HOST_IDS, type HostEnv, type HostId } from '../src/hosts/types';
import {
  EVERYTHING_PKG,
  EVERYTHING_VERSION,
  type Sandbox,
  everythingServer,
  publish,
  runNode,
  sandbox,
} from './cli-harness';

/**
 * Install the real reference server (pinned, from npm) into every host format, start it from the
 * written entry with `mcpm test --host`, uninstall, and get the file back byte for byte — with
 * another server and the file's comments untouched throughout.
 */
const EVERYTHING = 'io.github.modelcontextprotocol/server-everything';
const KEY = 'server-everything';

/** A realistic existing config per host: another server, other settings, comments where the format has them. */
const EXISTING: Record<HostId, string> = {
  'claude-desktop':
    '{\n  "globalShortcut": "Ctrl+Space",\n  "mcpServers": {\n    "mine": {\n      "command": "node",\n      "args": ["/opt/mine.js"]\n    }\n  }\n}\n',
  'claude-code':
    '{\n  "numStartups": 12,\n  "projects": {\n    "/work/x": { "mcpServers": {} }\n  },\n  "mcpServers": {\n    "mine": { "type": "stdio", "command": "node", "args": ["/opt/mine.js"], "env": {} }\n  }\n}\n',
  cursor:
    '{\n    "mcpServers": {\n        "mine": {\n            "command": "node",\n            "args": ["/opt/mine.js"]\n        }\n    }\n}\n',
  vscode:
    '// VS Code MCP servers\n{\n  "inputs": [],\n  "servers": {\n    // my own server\n    "mine": { "type": "stdio", "command": "node", "args": ["/opt/mine.js"] },\n  },\n}\n',
  windsurf: '{\n  "mcpServers": {\n    "mine": { "command": "node", "args": ["/opt/mine.js"] }\n  }\n}\n',
  codex:
    '# Codex settings\nmodel = "o4-mini"\n\n[mcp_servers.mine]\ncommand = "node"\nargs = ["/opt/mine.js"] # my server\n\n[mcp_servers.mine.env]\nLEVEL = "debug"\n',
  gemini:
    '{\n  "theme": "Default",\n  "mcpServers": {\n    "mine": { "command": "node", "args": ["/opt/mine.js"] }\n  }\n}\n',
  zed: '// Zed settings\n{\n  "theme": "One Dark", // the dark one\n  "context_servers": {\n    "mine": { "command": "node", "args": ["/opt/mine.js"] }\n  }\n}\n',
  cline:
    '{\n  "mcpServers": {\n    "mine": { "command": "node", "args": ["/opt/mine.js"], "disabled": false }\n  }\n}\n',
  opencode:
    '{\n  "$schema": "https://opencode.ai/config.json",\n  // local tools\n  "mcp": {\n    "mine": { "type": "local", "command": ["node", "/opt/mine.js"], "enabled": true }\n  }\n}\n',
  goose:
    '# goose configuration\nGOOSE_PROVIDER: openai\nextensions:\n  # my own extension\n  mine:\n    name: mine\n    type: stdio\n    cmd: node\n    args:\n      - /opt/mine.js\n    enabled: true\n    timeout: 300\n',
  continue:
    'name: My assistant\nversion: 0.0.1\nschema: v1\n# MCP servers\nmcpServers:\n  - name: mine\n    command: node\n    args:\n      - /opt/mine.js\n',
};

describe('mcpm install into every host', () => {
  let hub: TestHub;
  let box: Sandbox;
  let env: HostEnv;

  beforeAll(async () => {
    hub = await createTestHub();
    await publish(hub, everythingServer(EVERYTHING, EVERYTHING_VERSION));
    box = sandbox(hub.url);
    env = { platform: process.platform, home: box.home, cwd: box.cwd, exists: (p) => fs.existsSync(p) };
  }, 60_000);
  afterAll(async () => {
    box?.cleanup();
    await hub?.close();
  });

  it.each(HOST_IDS.map((h) => [h]))(
    '%s: install pinned, start from the written entry, uninstall back to the same bytes',
    async (id) => {
      const host = HOSTS[id];
      const file = host.configPath(env, 'user')!;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, EXISTING[id]);
      const mine = host.entries(EXISTING[id], env).find((e) => e.key === 'mine');
      expect(mine?.launch).toBeDefined();

      const dry = await box.mcpm(['install', EVERYTHING, '--host', id, '-g', '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain(`+++ b/${file}`);
      expect(fs.readFileSync(file, 'utf8')).toBe(EXISTING[id]);

      const install = await box.mcpm(['install', EVERYTHING, '--host', id, '-g']);
      expect({ code: install.code, stderr: install.stderr }).toEqual({ code: 0, stderr: '' });
      const written = fs.readFileSync(file, 'utf8');
      const entries = host.entries(written, env);
      expect(entries.find((e) => e.key === 'mine')?.launch).toEqual(mine!.launch);
      const ours = entries.find((e) => e.key === KEY)?.launch;
      expect(ours?.kind).toBe('stdio');
      if (ours?.kind !== 'stdio') return;
      expect(ours.args).toEqual(
        expect.arrayContaining([
          'run',
          `${EVERYTHING}@${EVERYTHING_VERSION}`,
          '--',
          'npx',
          '-y',
          `${EVERYTHING_PKG}@${EVERYTHING_VERSION}`,
        ]),
      );
      expect(written).not.toContain('@latest');
      for (const comment of EXISTING[id].match(/(\/\/|#) [^\n]+/g) ?? []) expect(written).toContain(comment);
      expect(fs.existsSync(`${file}.mcpm-backup`)).toBe(true);

      const test = await box.mcpm(['test', EVERYTHING, '--host', id, '-g', '--json']);
      expect({ code: test.code, stderr: test.code ? test.stderr : '' }).toEqual({ code: 0, stderr: '' });
      const probe = JSON.parse(test.stdout);
      expect(probe.tools.map((t: { name: string }) => t.name)).toEqual(
        expect.arrayContaining(['echo', 'get-env', 'get-sum']),
      );
      expect(probe.timings.initializeMs).toBeGreaterThan(0);

      const list = JSON.parse((await box.mcpm(['list', '-g', '--json'])).stdout);
      expect(list.servers).toEqual([
        expect.objectContaining({
          name: EVERYTHING,
          version: EVERYTHING_VERSION,
          hosts: [{ host: id, file, key: KEY }],
        }),
      ]);

      const un = await box.mcpm(['uninstall', EVERYTHING, '-g']);
      expect(un.code).toBe(0);
      expect(fs.readFileSync(file, 'utf8')).toBe(EXISTING[id]);
    },
  );

  it('creates a missing host file with its folders', async () => {
    const file = HOSTS.gemini.configPath(env, 'user')!;
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    const res = await box.mcpm(['install', EVERYTHING, '--host', 'gemini', '-g']);
    expect(res.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).mcpServers[KEY].command).toBe(process.execPath);
    expect((await box.mcpm(['uninstall', EVERYTHING, '-g'])).code).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
  });

  it.each(HOST_IDS.map((h) => [h]))('%s: a host file mcpm created is deleted again with its last entry', async (id) => {
    const file = HOSTS[id].configPath(env, 'user')!;
    for (const f of [file, `${file}.mcpm-backup`]) fs.rmSync(f, { force: true });
    // Cached once, so the install needs no lookups beyond the Hub's: --offline answers from the cache.
    expect((await box.mcpm(['info', EVERYTHING])).code).toBe(0);
    const install = await box.mcpm(['install', EVERYTHING, '--host', id, '-g', '--offline']);
    expect({ code: install.code, stderr: install.stderr }).toEqual({ code: 0, stderr: '' });
    expect(fs.existsSync(file)).toBe(true);
    const dry = await box.mcpm(['uninstall', EVERYTHING, '-g', '--dry-run']);
    expect(dry.stdout).toContain(`${file} would be deleted (nothing else is in it)`);
    expect(fs.existsSync(file)).toBe(true);
    const un = await box.mcpm(['uninstall', EVERYTHING, '-g']);
    expect(un.code).toBe(0);
    expect(un.stdout).toContain(`deleted ${file} (it held only this server)`);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.mcpm-backup`)).toBe(false);
  });

  it('keeps a host file the user had, even one listing no servers', async () => {
    const file = HOSTS.cursor.configPath(env, 'user')!;
    const mine = '{"mcpServers": {}}\n';
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, mine);
    expect((await box.mcpm(['info', EVERYTHING])).code).toBe(0);
    expect((await box.mcpm(['install', EVERYTHING, '--host', 'cursor', '-g', '--offline'])).code).toBe(0);
    const un = await box.mcpm(['uninstall', EVERYTHING, '-g']);
    expect(un.stdout).toContain(`removed from ${file}`);
    expect(fs.readFileSync(file, 'utf8')).toBe(mine);

    // A dotfile manager's symlink, to a file in mcpm's own empty form: the entry leaves the target, and the link stays.
    const target = path.join(box.home, 'dotfiles', 'cursor-mcp.json');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, '{\n  "mcpServers": {}\n}\n');
    fs.rmSync(file);
    fs.symlinkSync(target, file);
    expect((await box.mcpm(['install', EVERYTHING, '--host', 'cursor', '-g', '--offline'])).code).toBe(0);
    expect(fs.readFileSync(target, 'utf8')).toContain(KEY);
    expect((await box.mcpm(['uninstall', EVERYTHING, '-g'])).code).toBe(0);
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('{\n  "mcpServers": {}\n}\n');
  });

  it('packs into a dependency-free npm package that installs globally and writes entries calling its node and mcpm by absolute path', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpm-pack-'));
    try {
      const tarball = execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], {
        cwd: path.resolve(__dirname, '..'),
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .pop()!;
      const prefix = path.join(work, 'prefix');
      execFileSync(
        'npm',
        ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', path.join(work, tarball)],
        { encoding: 'utf8' },
      );
      const bin = path.join(prefix, 'bin');
      const pathEnv = `${bin}${path.delimiter}${box.env.PATH}`;
      const version = await runNode([path.join(bin, 'mcpm'), '--version'], {
        cwd: box.cwd,
        env: { ...box.env, PATH: pathEnv },
      });
      expect(version.code).toBe(0);
      // Asynchronously: the Hub answering it runs in this process.
      const installed = await runNode([path.join(bin, 'mcpm'), 'install', EVERYTHING, '--host', 'windsurf', '-g'], {
        cwd: box.cwd,
        env: { ...box.env, PATH: pathEnv },
      });
      expect(installed.stdout).toContain('+ ' + EVERYTHING);
      const entry = JSON.parse(fs.readFileSync(HOSTS.windsurf.configPath(env, 'user')!, 'utf8')).mcpServers[KEY];
      // Not bare `mcpm`: a host started from the Dock or a desktop menu lacks the shell's PATH.
      expect(entry.command).toBe(process.execPath);
      expect(entry.args.slice(0, 3)).toEqual([
        fs.realpathSync(path.join(bin, 'mcpm')),
        'run',
        `${EVERYTHING}@${EVERYTHING_VERSION}`,
      ]);
      expect(entry.args[0]).toMatch(/node_modules\/@mcp-hub\/cli\/dist\/mcpm\.js$/);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});
