import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError } from './errors';
import { HOST_IDS, type HostEnv, type HostId } from './hosts/types';

/**
 * The one place that reads the environment: everything else gets a CliConfig.
 * Precedence: command-line flag > environment variable > ~/.mcpmrc > default.
 */
export const DEFAULT_REGISTRY = 'https://registry.modelcontextprotocol.io';
export const DEFAULT_NPM_REGISTRY = 'https://registry.npmjs.org';

/** Keys `mcpm config set` accepts, with what each means (shown by `mcpm config list`). */
export const RC_KEYS = {
  registry: 'Registry URL: an MCP Hub, or any registry speaking the official /v0.1 API',
  'default-host': `Host written when --host is not given: ${HOST_IDS.join(', ')}`,
  'cache-dir': 'Where registry responses are cached (default <home>/cache)',
  vault: 'Where secrets go: auto (OS keychain when usable, else file), keychain, or file',
  'vault-key-file': 'Key file of the file vault (default <home>/vault.key); MCPM_VAULT_KEY sets a passphrase instead',
  'npm-registry': `npm registry used to look up package integrity (default ${DEFAULT_NPM_REGISTRY})`,
} as const;
export type RcKey = keyof typeof RC_KEYS;

export interface CliConfig {
  home: string;
  rcFile: string;
  rc: Partial<Record<RcKey, string>>;
  registry: string;
  registrySource: 'flag' | 'env' | 'rc' | 'default';
  npmRegistry: string;
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
  /** The command hosts use to call mcpm back (`mcpm run …`); looked up on first use only. */
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
    throw new CliError('invalid', `default-host in ${rcFile} is "${defaultHost}", which is not a host mcpm knows.`, `Use one of: ${HOST_IDS.join(', ')} (mcpm config set default-host <host>).`);
  }
  const vaultKind = rc.vault ?? 'auto';
  if (vaultKind !== 'auto' && vaultKind !== 'keychain' && vaultKind !== 'file') {
    throw new CliError('invalid', `vault in ${rcFile} is "${vaultKind}".`, 'Use auto, keychain or file (mcpm config set vault file).');
  }
  let self: CliConfig['self'] | undefined;
  return {
    home: mcpmHome,
    rcFile,
    rc,
    registry: normalizeRegistry(registry, registrySource === 'flag' ? '--registry' : registrySource === 'env' ? 'MCPM_REGISTRY' : `registry in ${rcFile}`),
    registrySource,
    npmRegistry: (rc['npm-registry'] ?? DEFAULT_NPM_REGISTRY).replace(/\/+$/, ''),
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
    env,
    // A walk over PATH: only the commands that write host entries pay for it.
    get self() {
      self ??= selfCommand(env);
      return self;
    },
  };
}

/**
 * Host entries call `mcpm run`. When mcpm is on PATH (a global install) the entry says just
 * `mcpm`, which keeps project files portable; otherwise it names this node and script.
 */
function selfCommand(env: NodeJS.ProcessEnv): { command: string; args: string[] } {
  const script = process.argv[1] ? fs.realpathSync(process.argv[1]) : '';
  if (env.MCPM_SELF === 'absolute') return { command: process.execPath, args: [script] };
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, process.platform === 'win32' ? 'mcpm.cmd' : 'mcpm');
    try {
      if (process.platform === 'win32' || fs.realpathSync(candidate) === script) return { command: 'mcpm', args: [] };
    } catch {
      // not in this directory
    }
  }
  return { command: process.execPath, args: [script] };
}

function normalizeRegistry(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError('usage', `${source} is "${value}", which is not a URL.`, 'Give the registry as http(s)://host[:port], e.g. --registry http://localhost:4000.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError('usage', `${source} must be an http(s) URL, not ${url.protocol}.`, 'e.g. --registry http://localhost:4000');
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
      throw new CliError('invalid', `${file}:${i + 1}: "${trimmed}" is not a setting mcpm knows.`, `Settings: ${Object.keys(RC_KEYS).join(', ')}. Remove the line or run mcpm config list.`);
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
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, lines.length ? lines.join('\n') + '\n' : '', { mode: 0o600 });
  fs.renameSync(tmp, file);
}
