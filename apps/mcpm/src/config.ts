import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { CliError } from './errors';
import { HOST_IDS, type HostEnv, type HostId } from './hosts/types';
import { closest } from './util';

/**
 * The one place that reads the environment: everything else gets a CliConfig.
 * Precedence: command-line flag > environment variable > ~/.mcpmrc > default.
 */
export const DEFAULT_REGISTRY = 'https://registry.modelcontextprotocol.io';
export const DEFAULT_NPM_REGISTRY = 'https://registry.npmjs.org';
export const DEFAULT_PYPI_REGISTRY = 'https://pypi.org';

/** Keys `mcpm config set` accepts, with what each means (shown by `mcpm config list`). */
export const RC_KEYS = {
  registry: 'Registry URL: an MCP Hub, or any registry speaking the official /v0.1 API',
  'default-host': `Host written when --host is not given: ${HOST_IDS.join(', ')}`,
  'cache-dir': 'Where registry responses are cached (default <home>/cache)',
  vault: 'Where secrets go: auto (OS keychain when usable, else file), keychain, or file',
  'vault-key-file': 'Key file of the file vault (default <home>/vault.key); MCPM_VAULT_KEY sets a passphrase instead',
  'npm-registry': `npm registry used to look up package integrity and pin dist-tags (default ${DEFAULT_NPM_REGISTRY})`,
  'pypi-registry': `PyPI index whose JSON API pins a "latest" PyPI package (default ${DEFAULT_PYPI_REGISTRY})`,
} as const;
export type RcKey = keyof typeof RC_KEYS;

export interface CliConfig {
  home: string;
  rcFile: string;
  rc: Partial<Record<RcKey, string>>;
  registry: string;
  registrySource: 'flag' | 'env' | 'rc' | 'default';
  npmRegistry: string;
  pypiRegistry: string;
  cacheDir: string;
  defaultHost?: HostId;
  vault: { kind: 'auto' | 'keychain' | 'file'; keyFile: string; passphrase?: string };
  offline: boolean;
  json: boolean;
  hostEnv: HostEnv;
  cwd: string;
  interactive: boolean;
  /** Environment passed to servers started by `mcpm run` / `mcpm test`. */
  env: NodeJS.ProcessEnv;
  /** Width of the terminal stdout is, for fitting tables; undefined when piped. */
  columns?: number;
  /** Whether a spinner may show on stderr while mcpm waits: stderr is a terminal and this is not CI. */
  spinner: boolean;
  /** The command hosts use to call mcpm back (`mcpm run …`): this node and this mcpm, by absolute path. */
  readonly self: { command: string; args: string[] };
}

export interface GlobalFlags {
  registry?: string;
  offline?: boolean;
  json?: boolean;
}

export function loadConfig(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): CliConfig {
  const home = env.HOME || os.homedir();
  const mcpmHome = path.resolve(env.MCPM_HOME || path.join(home, '.mcpm'));
  const rcFile = env.MCPM_RC ? path.resolve(env.MCPM_RC) : path.join(home, '.mcpmrc');
  const rc = readRc(rcFile);
  const [registry, registrySource] = flags.registry
    ? [flags.registry, 'flag' as const]
    : env.MCPM_REGISTRY
      ? [env.MCPM_REGISTRY, 'env' as const]
      : rc.registry
        ? [rc.registry, 'rc' as const]
        : [DEFAULT_REGISTRY, 'default' as const];
  const defaultHost = rc['default-host'];
  if (defaultHost !== undefined && !(HOST_IDS as readonly string[]).includes(defaultHost)) {
    const meant = closest(defaultHost, HOST_IDS);
    throw new CliError(
      'invalid',
      `default-host in ${rcFile} is "${defaultHost}", which is not a host mcpm knows.`,
      `${meant ? `Did you mean ${meant}? ` : ''}Use one of: ${HOST_IDS.join(', ')} (mcpm config set default-host <host>).`,
    );
  }
  const vaultKind = rc.vault ?? 'auto';
  if (vaultKind !== 'auto' && vaultKind !== 'keychain' && vaultKind !== 'file') {
    throw new CliError(
      'invalid',
      `vault in ${rcFile} is "${vaultKind}".`,
      'Use auto, keychain or file (mcpm config set vault file).',
    );
  }
  const ci = env.CI !== undefined && !['', '0', 'false'].includes(env.CI);
  return {
    home: mcpmHome,
    rcFile,
    rc,
    registry: normalizeRegistry(
      registry,
      registrySource === 'flag' ? '--registry' : registrySource === 'env' ? 'MCPM_REGISTRY' : `registry in ${rcFile}`,
    ),
    registrySource,
    npmRegistry: (rc['npm-registry'] ?? DEFAULT_NPM_REGISTRY).replace(/\/+$/, ''),
    pypiRegistry: (rc['pypi-registry'] ?? DEFAULT_PYPI_REGISTRY).replace(/\/+$/, ''),
    cacheDir: path.resolve(rc['cache-dir'] ?? path.join(mcpmHome, 'cache')),
    defaultHost: defaultHost as HostId | undefined,
    vault: {
      kind: vaultKind,
      keyFile: path.resolve(rc['vault-key-file'] ?? path.join(mcpmHome, 'vault.key')),
      passphrase: env.MCPM_VAULT_KEY || undefined,
    },
    offline: flags.offline === true,
    json: flags.json === true,
    hostEnv: {
      platform: process.platform,
      home,
      appData: env.APPDATA,
      localAppData: env.LOCALAPPDATA,
      xdgConfigHome: env.XDG_CONFIG_HOME,
      claudeConfigDir: env.CLAUDE_CONFIG_DIR,
      cwd,
      exists: (p) => fs.existsSync(p),
    },
    cwd,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) && env.CI !== 'true',
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    spinner: Boolean(process.stderr.isTTY) && !ci && env.TERM !== 'dumb',
    env,
    self: selfCommand(),
  };
}

/**
 * Host entries call `mcpm run` as this node binary and this mcpm script, both by absolute path:
 * hosts started from a GUI (Claude Desktop from the Dock, an editor not launched from a shell)
 * do not get the shell's PATH, so a bare `mcpm` — or the `#!/usr/bin/env node` it starts with —
 * is not found there when node comes from nvm, fnm, Homebrew or Volta. `mcpm doctor` reports
 * entries whose paths have gone (a node upgrade removes the old binary) and `--fix` rewrites them.
 */
function selfCommand(): { command: string; args: string[] } {
  return { command: process.execPath, args: process.argv[1] ? [fs.realpathSync(process.argv[1])] : [] };
}

function normalizeRegistry(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(
      'usage',
      `${source} is "${value}", which is not a URL.`,
      'Give the registry as http(s)://host[:port], e.g. --registry http://localhost:4000.',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(
      'usage',
      `${source} must be an http(s) URL, not ${url.protocol}.`,
      'e.g. --registry http://localhost:4000',
    );
  }
  return url.toString().replace(/\/+$/, '');
}

/** `~/.mcpmrc`: `key = value` lines, `#` comments, like npm's rc file. */
export function readRc(file: string): Partial<Record<RcKey, string>> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError('invalid', `Cannot read ${file}: ${(e as Error).message}.`, 'Fix its permissions or remove it.');
  }
  const out: Partial<Record<RcKey, string>> = {};
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const eq = trimmed.indexOf('=');
    const key = (eq < 0 ? trimmed : trimmed.slice(0, eq)).trim();
    if (eq < 0 || !(key in RC_KEYS)) {
      throw new CliError(
        'invalid',
        `${file}:${i + 1}: "${trimmed}" is not a setting mcpm knows.`,
        `Settings: ${Object.keys(RC_KEYS).join(', ')}. Remove the line or run mcpm config list.`,
      );
    }
    out[key as RcKey] = trimmed.slice(eq + 1).trim();
  });
  return out;
}

/** Sets (or, with undefined, removes) one key, keeping the file's other lines and comments. */
export function writeRc(file: string, key: RcKey, value: string | undefined): void {
  let lines: string[] = [];
  try {
    lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    if (lines[lines.length - 1] === '') lines.pop();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const at = lines.findIndex((l) => {
    const t = l.trim();
    return !t.startsWith('#') && t.split('=')[0]!.trim() === key;
  });
  if (value === undefined) {
    if (at >= 0) lines.splice(at, 1);
  } else if (at >= 0) lines[at] = `${key} = ${value}`;
  else lines.push(`${key} = ${value}`);
  writeFileAtomic(file, lines.length ? lines.join('\n') + '\n' : '', { mode: 0o600 });
}
