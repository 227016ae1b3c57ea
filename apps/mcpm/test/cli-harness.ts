import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type TestHub, serverJson } from '../../../test/harness';

/** The built CLI, as `npm i -g` installs it. */
export const MCPM = path.resolve(__dirname, '../dist/mcpm.js');
export const EVERYTHING_PKG = '@modelcontextprotocol/server-everything';
export const EVERYTHING_VERSION = '2026.8.31';
export const EVERYTHING_OLD_VERSION = '2026.1.26';
/** npx keeps downloads under the npm cache; share the real one so each temporary HOME does not download again. */
const NPM_CACHE = process.env.npm_config_cache ?? path.join(os.homedir(), '.npm');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  home: string;
  cwd: string;
  env: Record<string, string>;
  mcpm(args: string[], o?: { env?: Record<string, string>; cwd?: string; input?: string }): Promise<Run>;
  /**
   * mcpm in a terminal `columns` wide (a pseudo-terminal from util-linux `script`), outside CI:
   * what a person at a terminal sees, stdout and stderr interleaved, with `\r\n` line ends.
   */
  mcpmInTerminal(args: string[], o: { columns: number; env?: Record<string, string> }): Promise<Run>;
  /**
   * Every file under HOME and the project, path → bytes, to prove a command wrote nothing. The
   * registry response cache is left out: caching what was read is not a change.
   */
  snapshot(): Map<string, string>;
  cleanup(): void;
}

/** A temporary HOME and project directory, with mcpm pointed at `registry`. */
export function sandbox(registry: string, extraEnv: Record<string, string> = {}): Sandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpm-e2e-'));
  const home = path.join(root, 'home');
  const cwd = path.join(root, 'project');
  fs.mkdirSync(home);
  fs.mkdirSync(cwd);
  const env: Record<string, string> = {
    ...inherited(),
    HOME: home,
    MCPM_REGISTRY: registry,
    MCPM_VAULT_KEY: 'e2e vault passphrase',
    npm_config_cache: NPM_CACHE,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    CI: 'true',
    NO_COLOR: '1',
    ...extraEnv,
  };
  return {
    home,
    cwd,
    env,
    mcpm: (args, o = {}) => runNode([MCPM, ...args], { cwd: o.cwd ?? cwd, env: { ...env, ...o.env }, input: o.input }),
    mcpmInTerminal: (args, o) => {
      const { CI: _ci, ...notCi } = env;
      const line = `stty cols ${o.columns} rows 40; exec ${[process.execPath, MCPM, ...args].map(shellQuote).join(' ')}`;
      return run('script', ['-qefc', line, '/dev/null'], { cwd, env: { ...notCi, TERM: 'xterm', ...o.env } });
    },
    snapshot: () => {
      const out = new Map<string, string>();
      const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, entry.name);
          if (entry.isDirectory()) {
            if (p !== path.join(home, '.mcpm', 'cache')) walk(p);
          } else out.set(path.relative(root, p), fs.readFileSync(p, 'latin1'));
        }
      };
      walk(root);
      return out;
    },
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * The test process's environment (network settings such as proxies and CA bundles matter to npx
 * and to integrity lookups) without what points at the user's own files or settings.
 */
function inherited(): Record<string, string> {
  const own = /^(HOME|USERPROFILE|APPDATA|LOCALAPPDATA|XDG_[A-Z_]+|CLAUDE_CONFIG_DIR|MCPM_[A-Z_]+|JEST_[A-Z_]+)$/;
  return Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !own.test(e[0])),
  );
}

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

export function runNode(args: string[], o: { cwd: string; env: Record<string, string>; input?: string }): Promise<Run> {
  return run(process.execPath, args, o);
}

function run(
  command: string,
  args: string[],
  o: { cwd: string; env: Record<string, string>; input?: string },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: o.cwd, env: o.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(o.input ?? '');
  });
}

/** server.json of the real reference server from npm, under a name the test chooses. */
export function everythingServer(
  name: string,
  version: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return serverJson(name, version, {
    description: 'MCP server that exercises all the features of the MCP protocol',
    repository: { url: 'https://github.com/modelcontextprotocol/servers', source: 'github' },
    packages: [{ registryType: 'npm', identifier: EVERYTHING_PKG, version, transport: { type: 'stdio' } }],
    ...extra,
  });
}

/** The reference server again, declaring a required secret and an optional plain variable. */
export function everythingWithKey(name: string): Record<string, unknown> {
  return everythingServer(name, EVERYTHING_VERSION, {
    packages: [
      {
        registryType: 'npm',
        identifier: EVERYTHING_PKG,
        version: EVERYTHING_VERSION,
        transport: { type: 'stdio' },
        environmentVariables: [
          { name: 'EVERYTHING_API_KEY', description: 'Key for the service', isRequired: true, isSecret: true },
          { name: 'EVERYTHING_REGION', description: 'Region', default: 'eu' },
        ],
      },
    ],
  });
}

export async function publish(hub: TestHub, doc: Record<string, unknown>): Promise<void> {
  const res = await hub.request('POST', '/v0.1/publish', { token: hub.adminToken, body: doc });
  if (res.status !== 200)
    throw new Error(`publish ${String(doc.name)}@${String(doc.version)}: ${res.status} ${res.text}`);
}
