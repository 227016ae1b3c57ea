import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError } from '../errors';
import { openVault, type Vault, type VaultOptions } from './index';

/*
 * Stand-ins for the keychain tools: Node scripts that keep their items in store.json next to
 * themselves and append every argv they get to argv.jsonl, so tests can see what a real tool
 * would have been handed. A file named `broken` next to them makes them fail like a keyring
 * daemon that is not there, echoing their stdin so the test can check it is kept out of errors.
 */
const FAKE_COMMON = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const store = path.join(__dirname, 'store.json');
fs.appendFileSync(path.join(__dirname, 'argv.jsonl'), JSON.stringify(process.argv.slice(2)) + '\n');
const items = fs.existsSync(store) ? JSON.parse(fs.readFileSync(store, 'utf8')) : {};
const save = () => fs.writeFileSync(store, JSON.stringify(items));
const broken = fs.existsSync(path.join(__dirname, 'broken'));
`;

const FAKE_SECRET_TOOL = String.raw`#!/usr/bin/env node
${FAKE_COMMON}
if (broken) {
  process.stderr.write('secret-tool: Cannot store ' + fs.readFileSync(0, 'utf8') + ': org.freedesktop.secrets was not provided\n');
  process.exit(1);
}
const [command, ...rest] = process.argv.slice(2);
const attrs = {};
const pairs = rest.filter((arg) => !arg.startsWith('--label='));
for (let i = 0; i < pairs.length; i += 2) attrs[pairs[i]] = pairs[i + 1];
const key = JSON.stringify([attrs.service, attrs.account]);
if (command === 'store') {
  items[key] = fs.readFileSync(0, 'utf8');
  save();
} else if (command === 'lookup') {
  if (!(key in items)) process.exit(1);
  fs.writeSync(1, items[key]);
} else if (command === 'clear') {
  delete items[key];
  save();
} else {
  process.stderr.write('usage: secret-tool store|lookup|clear\n');
  process.exit(2);
}
`;

/** Splits a line the way \`security -i\` does: quotes group, a backslash takes the next character. */
const FAKE_SECURITY = String.raw`#!/usr/bin/env node
${FAKE_COMMON}
function split(line) {
  const args = [];
  let current = null;
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (current === null) {
      if (/\s/.test(ch)) continue;
      current = '';
      if (ch === '"' || ch === "'") { quote = ch; continue; }
    }
    if (ch === '\\') { current += line[++i] ?? ''; continue; }
    if (quote ? ch === quote : /\s/.test(ch)) { args.push(current); current = null; quote = null; continue; }
    current += ch;
  }
  if (current !== null) args.push(current);
  return args;
}
function execute([command, ...args]) {
  if (broken) { process.stderr.write('security: SecKeychainItemCreateFromContent: User interaction is not allowed.\n'); return 36; }
  const opts = {};
  const flags = new Set();
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-U' || (args[i] === '-w' && command !== 'add-generic-password')) flags.add(args[i]);
    else opts[args[i]] = args[++i];
  }
  const key = JSON.stringify([opts['-s'], opts['-a']]);
  if (command === 'add-generic-password') {
    if (key in items && !flags.has('-U')) return 45;
    items[key] = opts['-w'];
    save();
    return 0;
  }
  if (command === 'find-generic-password') {
    if (!(key in items)) { process.stderr.write('security: The specified item could not be found in the keychain.\n'); return 44; }
    const value = items[key];
    // The real tool prints a value that is not printable ASCII as hex.
    if (flags.has('-w')) fs.writeSync(1, (/^[\x20-\x7e]*$/.test(value) ? value : Buffer.from(value).toString('hex')) + '\n');
    return 0;
  }
  if (command === 'delete-generic-password') {
    if (!(key in items)) return 44;
    delete items[key];
    save();
    return 0;
  }
  return 2;
}
const argv = process.argv.slice(2);
if (argv[0] === '-i') {
  let status = 0;
  for (const line of fs.readFileSync(0, 'utf8').split('\n')) {
    if (line.length >= 4096) { process.stderr.write('security: line too long\n'); process.exit(1); }
    if (line.trim() !== '') status = execute(split(line));
  }
  process.exit(status);
}
process.exit(execute(argv));
`;

let home: string;
let toolDir: string;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpm-vault-home-'));
  toolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpm-vault-tool-'));
});

afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(toolDir, { recursive: true, force: true });
});

function installFake(name: string, source: string): string {
  const file = path.join(toolDir, name);
  fs.writeFileSync(file, source, { mode: 0o755 });
  return file;
}

/** Every argument any run of the stand-in received. */
function argvSeen(): string[] {
  const log = path.join(toolDir, 'argv.jsonl');
  if (!fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .flatMap((line) => JSON.parse(line) as string[]);
}

function fakeStore(): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(toolDir, 'store.json'), 'utf8'));
}

const env = {
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
};

function options(tools: Record<string, string>, extra: Partial<VaultOptions> = {}): VaultOptions {
  return { kind: 'auto', home, platform: 'linux', which: (command) => tools[command], env, ...extra };
}

async function rejection(promise: Promise<unknown>): Promise<CliError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    return err as CliError;
  }
  throw new Error('expected the promise to reject');
}

function thrown(open: () => unknown): CliError {
  try {
    open();
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    return err as CliError;
  }
  throw new Error('expected openVault to throw');
}

const WEATHER = 'io.github.acme/weather';
const apiKey = { server: WEATHER, name: 'API_KEY' };
const region = { server: WEATHER, name: 'REGION_TOKEN' };
const hub = { server: '_hub', name: 'localhost:4000' };
const VALUES = {
  PLAIN: 'sk-live-9f8e7d6c5b4a',
  UNICODE: 'ключ-密钥-🔑',
  PEM: '-----BEGIN KEY-----\nMIIB\nAAA=\n-----END KEY-----\n',
  QUOTES: `it's "quoted" \\ back\\slash 'x'`,
  MARKER: 'mcpm-base64:not-really',
};

/** The contract both keychains share, run against a stand-in tool. */
async function roundTrip(vault: Vault): Promise<void> {
  for (const [name, value] of Object.entries(VALUES)) await vault.set({ server: WEATHER, name }, value);
  await vault.set(hub, 'hub-token');
  for (const [name, value] of Object.entries(VALUES)) expect(await vault.get({ server: WEATHER, name })).toBe(value);
  expect(await vault.get({ server: WEATHER, name: 'MISSING' })).toBeUndefined();
  expect(await vault.list()).toEqual([
    hub,
    ...Object.keys(VALUES)
      .sort()
      .map((name) => ({ server: WEATHER, name })),
  ]);

  await vault.set({ server: WEATHER, name: 'PLAIN' }, 'rotated');
  expect(await vault.get({ server: WEATHER, name: 'PLAIN' })).toBe('rotated');

  await vault.delete({ server: WEATHER, name: 'PLAIN' });
  await vault.delete({ server: WEATHER, name: 'PLAIN' });
  expect(await vault.get({ server: WEATHER, name: 'PLAIN' })).toBeUndefined();
  expect(await vault.deleteServer(WEATHER)).toBe(Object.keys(VALUES).length - 1);
  expect(await vault.get({ server: WEATHER, name: 'UNICODE' })).toBeUndefined();
  expect(await vault.list()).toEqual([hub]);
  expect(await vault.get(hub)).toBe('hub-token');
  await vault.check();

  const seen = argvSeen();
  expect(seen.length).toBeGreaterThan(0);
  for (const value of [...Object.values(VALUES), 'rotated', 'hub-token']) {
    for (const piece of value.split('\n').filter((p) => p.length > 3)) {
      expect(seen.filter((arg) => arg.includes(piece))).toEqual([]);
    }
    expect(seen.filter((arg) => arg.includes(Buffer.from(value).toString('base64')))).toEqual([]);
  }
}

describe('Secret Service keychain (secret-tool)', () => {
  it("is what 'auto' picks when secret-tool answers, and round-trips values passed on stdin only", async () => {
    const secretTool = installFake('secret-tool', FAKE_SECRET_TOOL);
    const vault = openVault(options({ 'secret-tool': secretTool }));
    expect(vault.kind).toBe('keychain');
    expect(vault.location).toBe('Secret Service (secret-tool)');

    await vault.set(apiKey, VALUES.PEM);
    expect(fakeStore()[JSON.stringify(['mcpm', `${WEATHER}/API_KEY`])]).toBe(VALUES.PEM);
    expect(argvSeen()).toEqual(
      expect.arrayContaining([
        'store',
        `--label=mcpm ${WEATHER}/API_KEY`,
        'service',
        'mcpm',
        'account',
        `${WEATHER}/API_KEY`,
      ]),
    );
    await vault.delete(apiKey);

    await roundTrip(vault);
    expect(fs.existsSync(path.join(home, 'vault.json'))).toBe(false);
  });

  it('keeps an index of refs, never of values, mode 0600', async () => {
    const vault = openVault(options({ 'secret-tool': installFake('secret-tool', FAKE_SECRET_TOOL) }));
    await vault.set(apiKey, VALUES.PLAIN);
    await vault.set(region, VALUES.UNICODE);

    const index = path.join(home, 'keychain-index.json');
    expect(JSON.parse(fs.readFileSync(index, 'utf8'))).toEqual({
      version: 1,
      secrets: { [WEATHER]: ['API_KEY', 'REGION_TOKEN'] },
    });
    expect(fs.statSync(index).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(index).includes(Buffer.from(VALUES.PLAIN))).toBe(false);

    // A fresh open (the next mcpm command) sees the same refs.
    expect(await openVault(options({ 'secret-tool': path.join(toolDir, 'secret-tool') })).list()).toEqual([
      apiKey,
      region,
    ]);
  });

  it('reports a failing keyring as a vault error without the secret in it', async () => {
    const vault = openVault(
      options({ 'secret-tool': installFake('secret-tool', FAKE_SECRET_TOOL) }, { kind: 'keychain' }),
    );
    fs.writeFileSync(path.join(toolDir, 'broken'), '');

    const err = await rejection(vault.set(apiKey, VALUES.PLAIN));
    expect(err.code).toBe('vault');
    expect(err.message).toContain(`${WEATHER}/API_KEY`);
    expect(err.message).toContain('org.freedesktop.secrets');
    expect(err.message).not.toContain(VALUES.PLAIN);
    expect(err.hint).toContain('--vault file');
    expect(await openVault(options({}, { kind: 'file' })).list()).toEqual([]);
    expect(fs.existsSync(path.join(home, 'keychain-index.json'))).toBe(false);
    expect((await rejection(vault.check())).code).toBe('vault');
  });
});

describe('macOS keychain (security)', () => {
  it('round-trips through `security -i` with the value on stdin, encoding what the tool would mangle', async () => {
    const security = installFake('security', FAKE_SECURITY);
    const vault = openVault(options({ security }, { platform: 'darwin' }));
    expect(vault.kind).toBe('keychain');
    expect(vault.location).toBe('macOS Keychain');

    await vault.set(apiKey, VALUES.QUOTES);
    expect(fakeStore()[JSON.stringify(['mcpm', `${WEATHER}/API_KEY`])]).toBe(VALUES.QUOTES);
    expect(argvSeen()).toContain('-i');
    await vault.set(region, VALUES.UNICODE);
    expect(fakeStore()[JSON.stringify(['mcpm', `${WEATHER}/REGION_TOKEN`])]).toBe(
      `mcpm-base64:${Buffer.from(VALUES.UNICODE).toString('base64')}`,
    );
    await vault.deleteServer(WEATHER);

    await roundTrip(vault);
  });

  it('refuses a value too long for the line `security -i` reads', async () => {
    const vault = openVault(options({ security: installFake('security', FAKE_SECURITY) }, { platform: 'darwin' }));
    const err = await rejection(vault.set(apiKey, 'x'.repeat(5000)));
    expect(err.code).toBe('vault');
    expect(err.hint).toContain('--vault file');
  });

  it('reports a refused store without the secret', async () => {
    const vault = openVault(options({ security: installFake('security', FAKE_SECURITY) }, { platform: 'darwin' }));
    fs.writeFileSync(path.join(toolDir, 'broken'), '');
    const err = await rejection(vault.set(apiKey, VALUES.PLAIN));
    expect(err.code).toBe('vault');
    expect(err.message).not.toContain(VALUES.PLAIN);
  });
});

describe("choosing the vault ('auto' and 'keychain')", () => {
  it('falls back to the file vault when secret-tool is not installed', () => {
    const vault = openVault(options({}));
    expect(vault.kind).toBe('file');
    expect(vault.location).toBe(path.join(home, 'vault.json'));
  });

  it('falls back to the file vault without a D-Bus session, never running secret-tool', () => {
    const secretTool = installFake('secret-tool', FAKE_SECRET_TOOL);
    const vault = openVault(options({ 'secret-tool': secretTool }, { env: { PATH: env.PATH } }));
    expect(vault.kind).toBe('file');
    expect(argvSeen()).toEqual([]);
  });

  it('falls back to the file vault when the keyring does not answer the probe', () => {
    const secretTool = installFake('secret-tool', FAKE_SECRET_TOOL);
    fs.writeFileSync(path.join(toolDir, 'broken'), '');
    expect(openVault(options({ 'secret-tool': secretTool })).kind).toBe('file');
    expect(argvSeen()[0]).toBe('lookup');
  });

  it('falls back to the file vault on Windows and on a Mac without security', () => {
    expect(openVault(options({ 'secret-tool': '/usr/bin/secret-tool' }, { platform: 'win32' })).kind).toBe('file');
    expect(openVault(options({}, { platform: 'darwin' })).kind).toBe('file');
  });

  it('keeps using an existing vault.json even when a keychain answers', async () => {
    await openVault(options({}, { kind: 'file' })).set(apiKey, VALUES.PLAIN);
    const secretTool = installFake('secret-tool', FAKE_SECRET_TOOL);
    const vault = openVault(options({ 'secret-tool': secretTool }));
    expect(vault.kind).toBe('file');
    expect(await vault.get(apiKey)).toBe(VALUES.PLAIN);
  });

  it('refuses to hide secrets stored in a keychain that is not reachable now', async () => {
    const secretTool = installFake('secret-tool', FAKE_SECRET_TOOL);
    await openVault(options({ 'secret-tool': secretTool })).set(apiKey, VALUES.PLAIN);

    const err = thrown(() => openVault(options({ 'secret-tool': secretTool }, { env: { PATH: env.PATH } })));
    expect(err.code).toBe('vault');
    expect(err.message).toContain('DBUS_SESSION_BUS_ADDRESS');
    expect(err.hint).toContain('--vault file');
    expect(openVault(options({ 'secret-tool': secretTool }, { kind: 'file', env: { PATH: env.PATH } })).kind).toBe(
      'file',
    );
  });

  it("throws when 'keychain' is asked for and none is available", () => {
    const err = thrown(() => openVault(options({}, { kind: 'keychain' })));
    expect(err.code).toBe('vault');
    expect(err.message).toBe(
      'No OS keychain is available here: secret-tool is not installed (it comes with libsecret-tools)',
    );
    expect(err.hint).toContain('--vault file');

    const secretTool = installFake('secret-tool', FAKE_SECRET_TOOL);
    fs.writeFileSync(path.join(toolDir, 'broken'), '');
    expect(thrown(() => openVault(options({ 'secret-tool': secretTool }, { kind: 'keychain' }))).message).toMatch(
      /^No OS keychain is available here: secret-tool failed: /,
    );
  });

  it("uses the keychain when 'keychain' is asked for, even next to a vault.json", async () => {
    await openVault(options({}, { kind: 'file' })).set(apiKey, VALUES.PLAIN);
    const vault = openVault(
      options({ 'secret-tool': installFake('secret-tool', FAKE_SECRET_TOOL) }, { kind: 'keychain' }),
    );
    expect(vault.kind).toBe('keychain');
    expect(await vault.get(apiKey)).toBeUndefined();
  });
});
